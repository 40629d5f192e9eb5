/**
 * The os (AgentBench OS interaction) action syntax, from the task's first prompt:
 * "Think: put your thought here.\n\nAct: bash\n\n```bash\n# put your bash code here\n```",
 * "Act: finish" or "Act: answer(Your answer ...)"; "take only exact one of the three actions in
 * each turn".
 */
import { excerpt } from '../outcome';
import { blockAfter } from './fenced-block';
import { labelLines, singleLabel } from './label-lines';
import type { ActionGrammar, ParsedTurn } from './types';

const EXPECTED = 'expected `Act: bash`, `Act: finish` or `Act: answer(...)` after `Think:`';

/** Parses one os turn. */
function parseOs(text: string): ParsedTurn {
  const single = singleLabel(text, 'Act', `${EXPECTED}, found ${excerpt(text)}`);
  if (!single.ok) return single;
  const act = single.line;
  const think = labelLines(text, 'Think')[0];
  if (think === undefined || think.start > act.start) {
    return { ok: false, problem: `${EXPECTED}, found \`Act:\` without a \`Think:\` line before it`, start: act.start, end: act.end };
  }
  if (act.value === 'bash') {
    const block = blockAfter(text, 'bash', act, 'Act: bash', 'bash code');
    if ('ok' in block) return block;
    return { ok: true, action: `bash ${block.code.trim()}` };
  }
  if (act.value === 'finish') return { ok: true, action: 'finish' };
  if (act.value.startsWith('answer(')) {
    // The answer may span lines: it runs from `answer(` to the last `)` of the turn.
    const answer = text.slice(act.valueStart).trimEnd();
    if (!answer.endsWith(')')) {
      return { ok: false, problem: `expected \`answer(...)\` closed by \`)\` at the end of the turn, found ${excerpt(answer)}`, start: act.start, end: text.length };
    }
    return { ok: true, action: answer };
  }
  return {
    ok: false,
    problem: `expected \`bash\`, \`finish\` or \`answer(...)\` after \`Act:\`, found ${excerpt(act.value)}`,
    start: act.start,
    end: act.end,
  };
}

/** The os grammar. The prompt's one-shot example follows it directly, with no acknowledgement. */
export const osGrammar: ActionGrammar = {
  task: 'os',
  acknowledgement: false,
  parse: parseOs,
};
