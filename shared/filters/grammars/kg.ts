/**
 * The kg (AgentBench knowledge graph) action syntax. The task's first prompt lists the tools
 * (`get_relations(variable: var)`, `get_neighbors(variable: var, relation: str)`,
 * `intersection`, `get_attributes`, `argmax`, `argmin`, `count`), says "You can only take ONE
 * action at a time!!" and "respond with 'Final Answer: #id'". The `Action: tool(...)` line comes
 * from the prompt's one-shot example; its `Thought:` line is optional (real turns omit it).
 *
 * Syntax (always checked): at most one `Action:` or `Final Answer:` line; an `Action:` holds one
 * call `name(...)` with its parentheses closed; a `Final Answer:` holds something.
 * Unlike the os, db, alfworld and webshop prompts, this one prescribes no format for every turn,
 * and AgentBench's environment (`knowledgegraph/task.py`) reads a turn loosely: a turn without an
 * action, or a `Final Answer:` that its pattern `Final Answer: #(\d+)` does not match, gets "No
 * executable function found! Need to recheck the action.", and a call to a function it does not
 * have gets "... cannot be executed. You may make a mistake and need to fix it."; the episode goes
 * on either way (val200 kg_3 recovers with `get_relations(#0)` after two such turns). Those three
 * are the strict checks (`no-action`, `answer-not-variable`, `unknown-tool`).
 */
import { excerpt } from '../outcome';
import { labelLines } from './label-lines';
import type { ActionGrammar, ParsedTurn } from './types';

/** The seven tools the prompt defines. */
export const KG_TOOLS = ['get_relations', 'get_neighbors', 'intersection', 'get_attributes', 'argmax', 'argmin', 'count'] as const;

const EXPECTED = 'expected `Action: get_relations(...)` (or another of the prompt\'s tools) or `Final Answer: #<id>`';
const CALL = /^(\w+)\((.*)\)$/;
/** What AgentBench reads as a final answer: `#` and the variable's number (a prefix match). */
const VARIABLE = /^#\d+\b/;

/** Parses one kg turn. */
function parseKg(text: string): ParsedTurn {
  const actions = labelLines(text, 'Action');
  const finals = labelLines(text, 'Final Answer');
  if (actions.length + finals.length === 0) {
    return {
      ok: true,
      action: text.trim().replace(/\s+/g, ' '),
      semantic: { rule: 'no-action', problem: `${EXPECTED}, found a turn with neither: ${excerpt(text)}` },
    };
  }
  if (actions.length + finals.length > 1) {
    const lines = [...actions, ...finals].sort((left, right) => left.start - right.start);
    return {
      ok: false,
      problem: `expected one action per turn ("You can only take ONE action at a time"), found ${lines.length} \`Action:\`/\`Final Answer:\` lines`,
      start: lines[1].start,
      end: lines[1].end,
    };
  }
  if (finals.length === 1) {
    const final = finals[0];
    if (final.value.length === 0) {
      return { ok: false, problem: 'expected a variable such as `#3` after `Final Answer:`, found nothing', start: final.start, end: final.end };
    }
    const action = `final ${final.value}`;
    if (VARIABLE.test(final.value)) return { ok: true, action };
    return {
      ok: true,
      action,
      semantic: {
        rule: 'answer-not-variable',
        problem: `expected a variable such as \`#3\` after \`Final Answer:\` ("you MUST respond with 'Final Answer: #3'"), found ${excerpt(final.value)}`,
        start: final.start,
        end: final.end,
      },
    };
  }
  const action = actions[0];
  const call = CALL.exec(action.value);
  if (call === null) {
    return { ok: false, problem: `expected a call such as \`get_relations(...)\` after \`Action:\`, found ${excerpt(action.value)}`, start: action.start, end: action.end };
  }
  if ((KG_TOOLS as readonly string[]).includes(call[1])) return { ok: true, action: action.value };
  return {
    ok: true,
    action: action.value,
    semantic: {
      rule: 'unknown-tool',
      problem: `expected one of the prompt's tools (${KG_TOOLS.join(', ')}) after \`Action:\`, found \`${call[1]}\``,
      start: action.start,
      end: action.end,
    },
  };
}

/** The kg grammar. The prompt is acknowledged ("I've understood your instruction, start please."). */
export const kgGrammar: ActionGrammar = {
  task: 'kg',
  acknowledgement: true,
  parse: parseKg,
};
