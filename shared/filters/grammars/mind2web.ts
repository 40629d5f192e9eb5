/**
 * The mind2web (Mind2Web, multiple choice) action syntax. Its prompt is the page, the task and
 * lettered choices ("Please select from the following choices ... A. 'None of the above'"); the
 * answer shape comes from AgentBench's few-shot prompt (`mind2web/prompt/llm_prompt_cot.json`):
 * "Thought: ...\nAnswer: C.\nAction: SELECT\nValue: Pickup", or "Answer: A." alone.
 *
 * The operation is checked for its shape (a word in capitals), not against Mind2Web's CLICK, TYPE
 * and SELECT: a kept real trajectory (mind2web_46) answers `Action: SET` with a value. Whether the
 * letter is one the page offers is a strict check (`choice-not-offered`), not syntax: `Answer: F.`
 * is well formed, and Mind2Web scores it as a wrong step (val200 mind2web_103 and mind2web_23 answer
 * a letter their page does not list).
 */
import { excerpt } from '../outcome';
import { labelLines, singleLabel, type LabelLine } from './label-lines';
import type { ActionGrammar, ParsedTurn } from './types';

const EXPECTED = 'expected `Answer: <letter>.` then `Action: CLICK`, `TYPE` or `SELECT` (with `Value:`)';
/** Operations that act with a value (Mind2Web: typing text, choosing an option). */
const NEEDS_VALUE = new Set(['TYPE', 'SELECT']);

/** The choice letters listed in the observation (`A. None of the above`, `B. <button ...`). */
function choiceLetters(observation: string): Set<string> {
  const letters = new Set<string>();
  for (const match of observation.matchAll(/^([A-Z])\. /gm)) letters.add(match[1]);
  return letters;
}

/** Parses one mind2web turn. */
function parseMind2web(text: string, observation: string): ParsedTurn {
  const single = singleLabel(text, 'Answer', `${EXPECTED}, found ${excerpt(text)}`);
  if (!single.ok) return single;
  const answer = single.line;
  const letter = /^([A-Z])(?:\.|\b)/.exec(answer.value)?.[1];
  if (letter === undefined) {
    return { ok: false, problem: `expected a choice letter after \`Answer:\`, found ${excerpt(answer.value)}`, start: answer.start, end: answer.end };
  }
  // A. is "None of the above": nothing to do, so no operation follows.
  const parsed = letter === 'A' ? ({ ok: true, action: 'A' } as const) : parseOperation(text, answer, letter);
  if (!parsed.ok) return parsed;
  const letters = choiceLetters(observation);
  if (letters.size === 0 || letters.has(letter)) return parsed;
  return {
    ...parsed,
    semantic: {
      rule: 'choice-not-offered',
      problem: `expected one of the choices ${[...letters].join(', ')} after \`Answer:\`, found \`${letter}\``,
      start: answer.start,
      end: answer.end,
    },
  };
}

/** The operation after `Answer: <letter>.`: `Action: CLICK`, or `TYPE`/`SELECT` with a `Value:`. */
function parseOperation(text: string, answer: LabelLine, letter: string): ParsedTurn {
  const actions = labelLines(text, 'Action').filter((line) => line.start > answer.start);
  if (actions.length === 0) {
    return { ok: false, problem: `expected \`Action: CLICK\`, \`TYPE\` or \`SELECT\` after \`Answer: ${letter}.\`, found ${excerpt(text.slice(answer.end))}`, start: answer.start, end: text.length };
  }
  const operation = actions[0].value;
  if (!/^[A-Z]+$/.test(operation)) {
    return { ok: false, problem: `expected an operation in capitals (CLICK, TYPE, SELECT) after \`Action:\`, found ${excerpt(operation)}`, start: actions[0].start, end: actions[0].end };
  }
  const value = labelLines(text, 'Value').find((line) => line.start > actions[0].start);
  if (NEEDS_VALUE.has(operation) && (value === undefined || value.value.length === 0)) {
    return { ok: false, problem: `expected \`Value: ...\` after \`Action: ${operation}\`, found ${value === undefined ? 'no `Value:` line' : 'an empty value'}`, start: actions[0].start, end: text.length };
  }
  return { ok: true, action: `${letter} ${operation}${value ? ` ${value.value}` : ''}` };
}

/** The mind2web grammar. Each record is one step: the page, then the answer; no acknowledgement. */
export const mind2webGrammar: ActionGrammar = {
  task: 'mind2web',
  acknowledgement: false,
  parse: parseMind2web,
};
