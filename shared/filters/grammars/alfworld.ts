/**
 * The alfworld (ALFWorld household) action syntax, from the task's first prompt: 'Your output
 * must strictly follow this format:"THOUGHT: your thoughts.\n ACTION: your next action\n"' or
 * '"ACTION: your next action\n"'.
 *
 * Only the shape is checked. Whether the action is admissible is the environment's call: the
 * released trajectories keep a few actions it rejected ("ACTION: Task succeeded.", "ACTION: report
 * problem with toilet 1", answered "Nothing happened"), so a verb list would reject real data.
 */
import { excerpt } from '../outcome';
import { singleLabel } from './label-lines';
import type { ActionGrammar, ParsedTurn } from './types';

const EXPECTED = 'expected `ACTION: <action>`, optionally after `THOUGHT: ...`';

/** Parses one alfworld turn. */
function parseAlfworld(text: string): ParsedTurn {
  const single = singleLabel(text, 'ACTION', `${EXPECTED}, found ${excerpt(text)}`);
  if (!single.ok) return single;
  const action = single.line;
  const opening = text.trimStart();
  if (!opening.startsWith('THOUGHT:') && !opening.startsWith('ACTION:')) {
    return { ok: false, problem: `${EXPECTED}, found the turn starting with ${excerpt(opening)}`, start: 0, end: action.start };
  }
  if (action.value.length === 0) {
    return { ok: false, problem: 'expected an action after `ACTION:`, found nothing', start: action.start, end: action.end };
  }
  const after = text.slice(action.end);
  if (after.trim().length > 0) {
    return { ok: false, problem: `expected nothing after the \`ACTION:\` line, found ${excerpt(after)}`, start: action.end, end: text.length };
  }
  return { ok: true, action: action.value };
}

/** The alfworld grammar. The prompt is acknowledged ("OK. I'll follow your instructions ..."). */
export const alfworldGrammar: ActionGrammar = {
  task: 'alfworld',
  acknowledgement: true,
  parse: parseAlfworld,
};
