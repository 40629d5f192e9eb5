/**
 * The Llama-2-chat template as FastChat renders it (`fastchat/conversation.py`, template `llama-2`:
 * system_template `[INST] <<SYS>>\n{system}\n<</SYS>>\n\n`, roles `[INST]` and `[/INST]`, sep
 * `" "`, sep2 `" </s><s>"`, `SeparatorStyle.LLAMA2`):
 *
 *   [INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user 1} [/INST] {assistant 1} </s><s>[INST] {user 2} [/INST] {assistant 2} </s>
 *
 * Decisions of ours (docs/recipe.md, "llama2-chat and tokenized"):
 * - The conversation is shaped like the other alternating formats (shape.ts): tool results are user
 *   messages, tool calls and reasoning are the assistant's text, turns on one side are joined, and
 *   turns after the last assistant message are left out, so the text ends with the `</s>` of an
 *   assistant message. FastChat leaves `<s>` after that last `</s>`; it opens nothing, and TRL
 *   appends EOS to a text that does not end with one, so the text ends at `</s>` instead.
 * - The system message is the record's own (unless `keepRecordSystem` is off), else the configured
 *   prompt (AgentLM's by default); with an empty one the text starts with `[INST] ` and no block.
 * - A message holding one of the template's markers would be read as a boundary: such a record is
 *   refused, not written wrongly.
 * - Trained ranges are what FastChat's own masking trains: the assistant's text, not the `" </s>"`
 *   after it, for each assistant message that trains; in Unicode code points (Python's indexing).
 * The leading `<s>` is not in the text: the tokenizer adds BOS.
 */
import type { Conversation } from '../../schema/conversation';
import type { ConversionCounts } from '../conversions';
import type { WriteOptions, WrittenMessage } from '../format-spec';
import { shapeAlternating, shapedMessages } from '../shape';

/** AgentLM's system prompt, the default `export.systemPrompt`. */
export const LLAMA2_DEFAULT_SYSTEM = 'You are a helpful, respectful and honest assistant.';

/** The template's structure strings; a message holding one is refused. */
export const LLAMA2_CONTROL_STRINGS = ['[INST]', '[/INST]', '<<SYS>>', '<</SYS>>', '</s>', '<s>'] as const;

export const SYSTEM_OPEN = '[INST] <<SYS>>\n';
export const SYSTEM_CLOSE = '\n<</SYS>>\n\n';
export const USER_TAG = '[INST] ';
export const ASSISTANT_TAG = '[/INST] ';
/** Closes an assistant message; the text's last one is `" </s>"` without the `<s>`. */
export const ASSISTANT_END = ' </s><s>';

/** The template's two roles (a tool result is a user message, a call the assistant's text). */
const LLAMA2_ROLES = { user: 'user', observation: 'user', assistant: 'assistant', call: 'assistant' } as const;

/** A range of code points. */
export interface LossSpan {
  start: number;
  end: number;
}

/** One user message and the assistant message answering it, as the tokenized format encodes them. */
export interface Llama2Pair {
  /** The text up to and including `[/INST]` (the system block or `[INST] `, the user message). */
  prompt: string;
  /** The assistant's text. */
  answer: string;
  trains: boolean;
}

/** A rendered conversation. */
export interface Llama2Rendering {
  ok: true;
  text: string;
  spans: LossSpan[];
  pairs: Llama2Pair[];
  messages: WrittenMessage[];
  conversions: ConversionCounts;
  hasSystem: boolean;
}

/** Code points in a string: UTF-16 length minus one per surrogate pair. */
export function codePointLength(text: string): number {
  let length = text.length;
  for (let index = 0; index < text.length - 1; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        length--;
        index++;
      }
    }
  }
  return length;
}

/** The UTF-16 index of a code-point offset (for display, and for reading spans back). */
export function codeUnitIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/** Renders a conversation in the template, or says why it cannot be. */
export function renderLlama2(conversation: Conversation, options: Pick<WriteOptions, 'systemPrompt' | 'keepRecordSystem'>): Llama2Rendering | { ok: false; message: string } {
  const shaped = shapeAlternating(conversation, { system: 'slot', observations: false, functionCalls: false, dropTrailingUser: true });
  if (!shaped.ok) return shaped;
  const system = options.keepRecordSystem && shaped.system !== null ? shaped.system : options.systemPrompt;
  for (const [index, text] of [system, ...shaped.messages.map((message) => message.text)].entries()) {
    const control = LLAMA2_CONTROL_STRINGS.find((marker) => text.includes(marker));
    if (control !== undefined) return { ok: false, message: `${index === 0 ? 'the system message' : `message ${index}`} contains "${control}", which the Llama-2-chat template uses as a boundary` };
  }
  const head = system === '' ? USER_TAG : SYSTEM_OPEN + system + SYSTEM_CLOSE;
  const pairs: Llama2Pair[] = [];
  for (let index = 0; index + 1 < shaped.messages.length; index += 2) {
    const [user, assistant] = [shaped.messages[index], shaped.messages[index + 1]];
    pairs.push({ prompt: `${index === 0 ? head : USER_TAG}${user.text} [/INST]`, answer: assistant.text, trains: assistant.trains });
  }
  let text = '';
  let position = 0;
  const spans: LossSpan[] = [];
  for (const pair of pairs) {
    const prefix = `${pair.prompt} `;
    const start = position + codePointLength(prefix);
    const piece = `${prefix}${pair.answer}${ASSISTANT_END}`;
    text += piece;
    position += codePointLength(piece);
    if (pair.trains) spans.push({ start, end: start + codePointLength(pair.answer) });
  }
  text = text.slice(0, -'<s>'.length);
  // The system message written: the record's own (its source turns), or the configured one (no source turn).
  const messages = shapedMessages(shaped, LLAMA2_ROLES).filter((message) => message.side !== 'system');
  if (system !== '') messages.unshift({ side: 'system', role: 'system', text: system, trains: false, sources: options.keepRecordSystem && shaped.system !== null ? shaped.systemTurns : [] });
  return { ok: true, text, spans, pairs, messages, conversions: shaped.conversions, hasSystem: system !== '' };
}
