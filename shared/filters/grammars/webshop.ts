/**
 * The webshop (WebShop) action syntax, from the task's first prompt: "An action should be of the
 * following structure:\nsearch[keywords]\nclick[value]" and "Your response should use the
 * following format:\n\nThought:\nI think ... \n\nAction: \nclick[something]".
 *
 * Several actions after one `Action:` are accepted: three clean WebShop trajectories in
 * `../shared/data` write `click[a]\nclick[b]` or `click[a] and click[b]` (the environment runs the
 * first), so rejecting them would reject real data.
 */
import { excerpt } from '../outcome';
import { labelLines, singleLabel } from './label-lines';
import type { ActionGrammar, ParsedTurn } from './types';

const EXPECTED = 'expected `Action:` followed by `search[...]` or `click[...]`, after `Thought:`';
/** One action; brackets hold no newline and no `]`. */
const ACTION = /^(search|click)\[([^\]\n]*)\]/;
/** What may separate two actions: spaces, newlines, commas, "and". */
const SEPARATOR = /^(?:\s|,|\band\b)+/;

/** Parses one webshop turn. */
function parseWebshop(text: string): ParsedTurn {
  const single = singleLabel(text, 'Action', `${EXPECTED}, found ${excerpt(text)}`);
  if (!single.ok) return single;
  const line = single.line;
  const thought = labelLines(text, 'Thought')[0];
  if (thought === undefined || thought.start > line.start) {
    return { ok: false, problem: `${EXPECTED}, found \`Action:\` without a \`Thought:\` before it`, start: line.start, end: line.end };
  }
  // The action may sit on the line after `Action:`, as the prompt's own example does.
  let rest = text.slice(line.valueStart);
  let offset = line.valueStart;
  const actions: string[] = [];
  for (;;) {
    const separator = SEPARATOR.exec(rest);
    if (separator !== null) {
      rest = rest.slice(separator[0].length);
      offset += separator[0].length;
    }
    if (rest.length === 0) break;
    const match = ACTION.exec(rest);
    if (match === null) {
      return {
        ok: false,
        problem: `expected \`search[...]\` or \`click[...]\` after \`Action:\`, found ${excerpt(rest)}`,
        start: offset,
        end: text.length,
      };
    }
    if (match[2].trim().length === 0) {
      return { ok: false, problem: `expected text inside \`${match[1]}[...]\`, found \`${match[0]}\``, start: offset, end: offset + match[0].length };
    }
    actions.push(match[0]);
    rest = rest.slice(match[0].length);
    offset += match[0].length;
  }
  if (actions.length === 0) {
    return { ok: false, problem: 'expected `search[...]` or `click[...]` after `Action:`, found nothing', start: line.start, end: line.end };
  }
  return { ok: true, action: actions.join(' ') };
}

/** The webshop grammar. The prompt is acknowledged with "Ok." (ETO's copies: "OK"). */
export const webshopGrammar: ActionGrammar = {
  task: 'webshop',
  acknowledgement: true,
  parse: parseWebshop,
};
