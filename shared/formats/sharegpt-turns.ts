import type { Role, ToolCall, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { openHandsCallOf, toolCallsOfText } from './tool-call-text';

/**
 * ShareGPT role names and the normalized role of each: FastChat's `human`, `gpt`, `system`,
 * LLaMA-Factory's `function_call` (the assistant calling a tool) and `observation` (its result), and
 * the names ShareGPT V3's unfiltered dump also uses (`user`; `chatgpt`, `bing` and `bard` for the
 * assistant, by the site the conversation was shared from; `tool`).
 */
export const SHAREGPT_ROLES = {
  human: 'user',
  gpt: 'assistant',
  system: 'system',
  function_call: 'assistant',
  observation: 'tool',
  user: 'user',
  chatgpt: 'assistant',
  bing: 'assistant',
  bard: 'assistant',
  tool: 'tool',
} as const satisfies Record<string, Role>;

/** The role names FastChat's and LLaMA-Factory's readers know; the others are V3's, mapped with a note (docs/formats.md). */
export const CANONICAL_SHAREGPT_ROLES: ReadonlySet<string> = new Set(['human', 'gpt', 'system', 'function_call', 'observation']);

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
 * empty text; one that ends with a call in OpenHands' `<function=...>` syntax (ADP's SFT form)
 * becomes the prose before it and the call; a value that holds none stays the text (the role name
 * still says it was a call).
 */
export function turnOfFromValue(message: FromValueMessage): Turn {
  const turn: Turn = { role: SHAREGPT_ROLES[message.from], text: message.value, loss: message.loss ?? null, from: message.from };
  if (message.from === 'function_call') {
    const calls = toolCallsOfText(message.value);
    if (calls !== null) {
      turn.text = '';
      turn.toolCalls = calls;
    } else {
      const split = proseAndCalls(message.value);
      if (split !== null) {
        turn.text = split.text;
        turn.toolCalls = split.calls;
      }
    }
  }
  return turn;
}

/**
 * Prose followed by calls: the calls on the last line in LLaMA-Factory's form (as {@link turnText}
 * writes a turn with text and calls), or one call in OpenHands' syntax; null when neither.
 */
function proseAndCalls(value: string): { text: string; calls: ToolCall[] } | null {
  const newline = value.lastIndexOf('\n');
  if (newline > 0) {
    const calls = toolCallsOfText(value.slice(newline + 1));
    if (calls !== null) return { text: value.slice(0, newline), calls };
  }
  return openHandsCallOf(value);
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

/**
 * How many assistant turns open the record's `conversations` before any other turn: FastChat's
 * trainer skips a first turn that is not the human's (a continuation chunk of a split ShareGPT
 * conversation starts with `gpt`), so the ShareGPT reader drops them and says so (a repair).
 */
export function leadingAssistantTurns(turns: readonly Turn[], start: number): number {
  let count = 0;
  while (start + count < turns.length && turns[start + count].role === 'assistant') count++;
  return count < turns.length - start ? count : 0;
}
