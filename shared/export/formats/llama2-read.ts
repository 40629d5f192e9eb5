/**
 * Reading a `llama2-chat` line back into a conversation (llama2-template.ts says how it is written):
 * the system turn from the `<<SYS>>` block, then user and assistant turns by position, each
 * assistant message closed by `" </s>"` (and `<s>` when another message follows); an assistant turn
 * trains (`loss: true`) when a span starts where its text starts, else `loss: false`. Tool results
 * come back as user turns and tool calls as assistant text (the template has two roles); `from` is
 * `human`, `gpt` or `system`. For the re-import tests and for reading an export back.
 */
import type { Conversation, Turn } from '../../schema/conversation';
import { ASSISTANT_TAG, codeUnitIndex, SYSTEM_CLOSE, SYSTEM_OPEN, USER_TAG, type LossSpan } from './llama2-template';

/** Reading either gives the conversation or says where the text breaks the template. */
export type Llama2ReadResult = { ok: true; conversation: Conversation } | { ok: false; message: string };

/** Reads one `{id, text, spans}` line. */
export function readLlama2Chat(value: unknown): Llama2ReadResult {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'expected an object {id, text, spans}' };
  const { id, text, spans } = value as { id?: unknown; text?: unknown; spans?: LossSpan[] };
  if (typeof text !== 'string') return { ok: false, message: 'text: expected a string' };
  if (!Array.isArray(spans) || spans.some((span) => !Number.isInteger(span?.start) || !Number.isInteger(span?.end))) {
    return { ok: false, message: 'spans: expected an array of {start, end} integers' };
  }
  const trainedStarts = new Set(spans.map((span) => codeUnitIndex(text, span.start)));
  const turns: Turn[] = [];
  let cursor: number;
  if (text.startsWith(SYSTEM_OPEN)) {
    const close = text.indexOf(SYSTEM_CLOSE, SYSTEM_OPEN.length);
    if (close < 0) return { ok: false, message: 'the <<SYS>> block is not closed' };
    turns.push({ role: 'system', text: text.slice(SYSTEM_OPEN.length, close), loss: null, from: 'system' });
    cursor = close + SYSTEM_CLOSE.length;
  } else if (text.startsWith(USER_TAG)) {
    cursor = USER_TAG.length;
  } else {
    return { ok: false, message: 'expected the text to start with "[INST] "' };
  }
  for (let first = true; cursor < text.length; first = false) {
    if (!first) {
      if (!text.startsWith('<s>', cursor) || !text.startsWith(USER_TAG, cursor + 3)) return { ok: false, message: `expected "<s>[INST] " at character ${cursor}` };
      cursor += 3 + USER_TAG.length;
    }
    const userEnd = text.indexOf(` ${ASSISTANT_TAG}`, cursor);
    if (userEnd < 0) return { ok: false, message: `the user message at character ${cursor} has no answer` };
    turns.push({ role: 'user', text: text.slice(cursor, userEnd), loss: null, from: 'human' });
    cursor = userEnd + 1 + ASSISTANT_TAG.length;
    const assistantEnd = text.indexOf(' </s>', cursor);
    if (assistantEnd < 0) return { ok: false, message: `the assistant message at character ${cursor} is not closed by " </s>"` };
    turns.push({ role: 'assistant', text: text.slice(cursor, assistantEnd), loss: trainedStarts.has(cursor), from: 'gpt' });
    cursor = assistantEnd + ' </s>'.length;
  }
  return { ok: true, conversation: { id: typeof id === 'string' ? id : null, task: null, reward: null, turns, raw: value } };
}
