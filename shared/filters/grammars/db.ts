/**
 * The db (AgentBench DBBench) action syntax, from the task's first prompt:
 * "Action: Operation\n```sql\nSELECT * FROM table WHERE condition;\n```" or
 * "Action: Answer\nFinal Answer: [\"ANSWER1\", \"ANSWER2\", ...]"; a reply that matches neither
 * pattern fails the task at once.
 */
import { excerpt } from '../outcome';
import { blockAfter } from './fenced-block';
import { labelLines, singleLabel } from './label-lines';
import type { ActionGrammar, ParsedTurn } from './types';

const EXPECTED = 'expected `Action: Operation` with a ```sql block or `Action: Answer` with `Final Answer: [...]`';

/** Parses one db turn. */
function parseDb(text: string): ParsedTurn {
  const single = singleLabel(text, 'Action', `${EXPECTED}, found ${excerpt(text)}`);
  if (!single.ok) return single;
  const action = single.line;
  if (action.value === 'Operation') {
    const block = blockAfter(text, 'sql', action, 'Action: Operation', 'a SQL statement');
    if ('ok' in block) return block;
    return { ok: true, action: `sql ${block.code.trim().replace(/\s+/g, ' ')}` };
  }
  if (action.value === 'Answer') {
    const final = labelLines(text, 'Final Answer').find((line) => line.start > action.start);
    if (final === undefined) {
      return { ok: false, problem: `expected \`Final Answer: [...]\` after \`Action: Answer\`, found ${excerpt(text.slice(action.end))}`, start: action.start, end: text.length };
    }
    // AgentBench reads the list with Python's literal syntax, so only its brackets are checked.
    if (!/^\[.*\]$/.test(final.value)) {
      return { ok: false, problem: `expected a bracketed list after \`Final Answer:\`, found ${excerpt(final.value)}`, start: final.start, end: final.end };
    }
    return { ok: true, action: `answer ${final.value}` };
  }
  return {
    ok: false,
    problem: `expected \`Operation\` or \`Answer\` after \`Action:\`, found ${excerpt(action.value)}`,
    start: action.start,
    end: action.end,
  };
}

/** The db grammar. The prompt is acknowledged with "Ok." before the question. */
export const dbGrammar: ActionGrammar = {
  task: 'db',
  acknowledgement: true,
  parse: parseDb,
};
