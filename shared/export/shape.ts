/**
 * Conversations for the formats whose trainers read user and assistant messages alternating from a
 * user message (ShareGPT for LLaMA-Factory, FastChat, AgentInstruct, the Llama-2-chat template), by
 * the documented rules of conversions.ts, each application counted:
 * 1. empty turns are left out;
 * 2. leading system turns make the system prompt (several joined with a blank line); a later
 *    system turn is a user-side turn;
 * 3. consecutive turns on one side are joined into one message, with a newline: user, tool and
 *    later system turns on the user side, assistant turns on the other;
 * 4. assistant messages before the first user message are left out, and (where the trainer needs an
 *    even count) so are user-side messages after the last assistant message;
 * 5. a user-side message of tool results alone is an observation where the format has that role,
 *    else a user message; an assistant message that is only tool calls is a function call where the
 *    format has that role, else its reasoning, text and calls are its text (export-turns.ts, `flatText`);
 * 6. a joined assistant message trains when any of its turns trains;
 * 7. with `system: 'first-user'` the system prompt goes before the first user message.
 * A record left with no assistant message is refused (it would train nothing).
 */
import { addConversion, type ConversionCounts } from './conversions';
import { callsText, exportTurns, flatText, isEmptyTurn, type ExportCall, type ExportTurn } from './export-turns';
import type { Conversation } from '../schema/conversation';
import type { WrittenMessage } from './format-spec';

/** What a format can hold. */
export interface ShapeRules {
  /** `slot`: the system prompt is returned apart; `first-user`: it goes before the first user message. */
  system: 'slot' | 'first-user';
  /** Whether tool results alone may form an observation message. */
  observations: boolean;
  /** Whether an assistant message of tool calls alone may be a function-call message. */
  functionCalls: boolean;
  /** Whether user-side messages after the last assistant message are left out. */
  dropTrailingUser: boolean;
}

/** One message of the shaped conversation. */
export interface ShapedMessage {
  side: 'user' | 'assistant';
  /** `observation` and `call` only where the rules allow them. */
  kind: 'user' | 'observation' | 'assistant' | 'call';
  text: string;
  /** `call` messages: the calls. */
  calls: ExportCall[];
  turns: ExportTurn[];
  trains: boolean;
  /** The loss flag to write: null when no turn of the message carries one. */
  loss: boolean | null;
}

/** A shaped conversation. */
export interface Shaped {
  ok: true;
  system: string | null;
  /** The source turns the system prompt came from. */
  systemTurns: number[];
  messages: ShapedMessage[];
  conversions: ConversionCounts;
}

/** Shapes a conversation by the rules above, or says why it cannot be written. */
export function shapeAlternating(conversation: Conversation, rules: ShapeRules): Shaped | { ok: false; message: string } {
  const conversions: ConversionCounts = {};
  const all = exportTurns(conversation);
  const turns = all.filter((turn) => !isEmptyTurn(turn));
  addConversion(conversions, 'empty-turns-dropped', all.length - turns.length);

  let start = 0;
  while (start < turns.length && turns[start].role === 'system') start++;
  const systemTurns = turns.slice(0, start);
  let system = systemTurns.length > 0 ? systemTurns.map((turn) => turn.text).join('\n\n') : null;
  addConversion(conversions, 'system-merged', systemTurns.length > 1 ? systemTurns.length : 0);

  const groups: ExportTurn[][] = [];
  for (const turn of turns.slice(start)) {
    if (turn.role === 'system') addConversion(conversions, 'system-later-as-user');
    const last = groups.at(-1);
    if (last !== undefined && (last[0].role === 'assistant') === (turn.role === 'assistant')) last.push(turn);
    else groups.push([turn]);
  }
  while (groups.length > 0 && groups[0][0].role === 'assistant') addConversion(conversions, 'leading-assistant-dropped', (groups.shift() ?? []).length);
  if (rules.dropTrailingUser && groups.length > 0 && groups[groups.length - 1][0].role !== 'assistant') addConversion(conversions, 'trailing-user-dropped', (groups.pop() ?? []).length);

  const messages = groups.map((group) => (group[0].role === 'assistant' ? assistantMessage(group, rules, conversions) : userMessage(group, rules, conversions)));
  if (!messages.some((message) => message.side === 'assistant')) return { ok: false, message: 'the record has no assistant turn to train' };
  if (rules.system === 'first-user' && system !== null) {
    const first = messages[0];
    first.text = first.text === '' ? system : `${system}\n\n${first.text}`;
    first.turns = [...systemTurns, ...first.turns];
    addConversion(conversions, 'system-into-first-user', systemTurns.length);
    system = null;
  }
  return { ok: true, system, systemTurns: rules.system === 'slot' ? systemTurns.map((turn) => turn.index) : [], messages, conversions };
}

/** The loss flag of joined turns: null when none carries one, else whether the message trains. */
function lossOf(group: readonly ExportTurn[], trained: boolean): boolean | null {
  return group.every((turn) => turn.loss === null) ? null : trained;
}

function userMessage(group: ExportTurn[], rules: ShapeRules, conversions: ConversionCounts): ShapedMessage {
  const tools = group.filter((turn) => turn.role === 'tool').length;
  const observation = rules.observations && tools === group.length;
  if (!observation) addConversion(conversions, 'tool-results-as-user', tools);
  addConversion(conversions, 'turns-merged', group.length > 1 ? group.length : 0);
  return { side: 'user', kind: observation ? 'observation' : 'user', text: group.map((turn) => turn.text).join('\n'), calls: [], turns: group, trains: false, loss: lossOf(group, false) };
}

function assistantMessage(group: ExportTurn[], rules: ShapeRules, conversions: ConversionCounts): ShapedMessage {
  const trained = group.some((turn) => turn.trains);
  addConversion(conversions, 'loss-merged', group.filter((turn) => turn.trains !== trained).length);
  addConversion(conversions, 'turns-merged', group.length > 1 ? group.length : 0);
  const onlyCalls = group.every((turn) => turn.calls.length > 0 && turn.text === '' && turn.reasoning === '');
  if (rules.functionCalls && onlyCalls) {
    const calls = group.flatMap((turn) => turn.calls);
    return { side: 'assistant', kind: 'call', text: callsText(calls), calls, turns: group, trains: trained, loss: lossOf(group, trained) };
  }
  addConversion(conversions, 'tool-calls-as-text', group.filter((turn) => turn.calls.length > 0).length);
  addConversion(conversions, 'reasoning-as-text', group.filter((turn) => turn.reasoning !== '').length);
  return { side: 'assistant', kind: 'assistant', text: group.map(flatText).join('\n'), calls: [], turns: group, trains: trained, loss: lossOf(group, trained) };
}

/**
 * The written messages of a shaped conversation (the system slot first when it is filled), with the
 * role names the format writes. With `flags` off (a format that writes no loss flags) every
 * assistant message asks to be trained.
 */
export function shapedMessages(shaped: Shaped, roles: Readonly<Record<ShapedMessage['kind'], string>>, flags = true): WrittenMessage[] {
  const messages: WrittenMessage[] = [];
  if (shaped.system !== null) messages.push({ side: 'system', role: 'system', text: shaped.system, trains: false, sources: shaped.systemTurns });
  for (const message of shaped.messages) {
    messages.push({ side: message.side, role: roles[message.kind], text: message.text, trains: flags ? message.trains : message.side === 'assistant', sources: message.turns.map((turn) => turn.index) });
  }
  return messages;
}
