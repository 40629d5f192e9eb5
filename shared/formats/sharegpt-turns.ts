import type { Role, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { toolCallsOfText } from './tool-call-text';

/**
 * ShareGPT role names and the normalized role of each: FastChat's `human`, `gpt`, `system` and
 * LLaMA-Factory's `function_call` (the assistant calling a tool) and `observation` (its result).
 */
export const SHAREGPT_ROLES = {
  human: 'user',
  gpt: 'assistant',
  system: 'system',
  function_call: 'assistant',
  observation: 'tool',
} as const satisfies Record<string, Role>;

/** One of the keys of {@link SHAREGPT_ROLES}. */
export type ShareGptFrom = keyof typeof SHAREGPT_ROLES;

/** A ShareGPT-shaped turn after validation. */
export interface FromValueMessage {
  from: ShareGptFrom;
  value: string;
  loss?: boolean | null;
}

/**
 * The normalized turn of a validated `{from, value, loss?}` message. A `function_call` value that
 * holds calls (`{"name", "arguments"}` or a list of them) becomes the turn's tool calls with an
 * empty text; a value that holds none stays the text (the role name still says it was a call).
 */
export function turnOfFromValue(message: FromValueMessage): Turn {
  const turn: Turn = { role: SHAREGPT_ROLES[message.from], text: message.value, loss: message.loss ?? null, from: message.from };
  if (message.from === 'function_call') {
    const calls = toolCallsOfText(message.value);
    if (calls !== null) {
      turn.text = '';
      turn.toolCalls = calls;
    }
  }
  return turn;
}

/** The ShareGPT role name for a turn: a turn with tool calls is `function_call`, a tool result `observation`. */
export function shareGptFromOf(turn: Turn): ShareGptFrom {
  switch (turn.role) {
    case 'user':
      return 'human';
    case 'assistant':
      return (turn.toolCalls?.length ?? 0) > 0 || turn.from === 'function_call' ? 'function_call' : 'gpt';
    case 'system':
      return 'system';
    case 'tool':
      return 'observation';
  }
}

/** The value a ShareGPT-shaped writer gives a turn: its text with reasoning and calls (a `function_call` value is the call itself). */
export function shareGptValueOf(turn: Turn): string {
  return turnText(turn);
}

/**
 * The turns of a validated ShareGPT-shaped record. LLaMA-Factory's `system` column becomes a leading
 * system turn, so every algorithm sees the system prompt (writers put it back: write-record.ts).
 */
export function fromValueTurns(record: Record<string, unknown>): Turn[] {
  const turns = (record.conversations as FromValueMessage[]).map(turnOfFromValue);
  if (typeof record.system === 'string') turns.unshift({ role: 'system', text: record.system, loss: null, from: 'system' });
  return turns;
}

