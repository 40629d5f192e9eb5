import { trains, type Conversation, type Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';

/**
 * The Llama-2-chat template exactly as FastChat renders it: `fastchat/conversation.py`, template
 * `llama-2` (system_template `[INST] <<SYS>>\n{system_message}\n<</SYS>>\n\n`, roles `[INST]` and
 * `[/INST]`, sep `" "`, sep2 `" </s><s>"`) with `SeparatorStyle.LLAMA2`, whose `get_prompt` writes
 *
 *   [INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user 1} [/INST] {assistant 1} </s><s>[INST] {user 2} [/INST] {assistant 2} </s><s>
 *
 * (the first user message follows the system block directly; every later one is `[INST] ` + text +
 * `" "`; every assistant message is `[/INST] ` + text + `" </s><s>"`). With an empty system
 * message the text starts with `[INST] ` and no `<<SYS>>` block, as in FastChat. The leading `<s>`
 * is not written: the tokenizer adds BOS, as FastChat's trainer relies on.
 *
 * Decisions of ours, for what FastChat leaves open:
 * - Tool results (`tool` turns: LLaMA-Factory `observation`, OpenAI `tool`) take the user's
 *   `[INST]` slot, as AgentInstruct itself gives environment feedback as human turns; tool calls
 *   are assistant turns. A re-import gives them back as user and assistant turns.
 * - The system message is the record's own leading system turn when it has one (unless
 *   `keepRecordSystem` is off), else AgentLM's fixed prompt {@link LLAMA2_DEFAULT_SYSTEM}.
 * - Turns must alternate user slot / assistant slot starting with the user, as the template
 *   assumes (it tags by position); a record that does not, has a system turn later on, or has a
 *   turn containing the template's control strings is refused with a message, not written wrongly.
 * - An empty turn is written as an empty message, not as FastChat's bare role tag (that form means
 *   "generate here", not "the turn was empty").
 * - Loss spans: one per assistant turn that trains (`loss` true or unset), from the start of its
 *   text to the end of the `</s>` that closes it, so the model also learns to stop.
 *   Offsets count Unicode code points, as Python's `str` indexing does.
 */
export const LLAMA2_DEFAULT_SYSTEM = 'You are a helpful, respectful and honest assistant.';

const SYSTEM_OPEN = '[INST] <<SYS>>\n';
const SYSTEM_CLOSE = '\n<</SYS>>\n\n';
const USER_TAG = '[INST] ';
const ASSISTANT_TAG = '[/INST] ';
const USER_END = ' ';
const ASSISTANT_END = ' </s><s>';
/** The part of {@link ASSISTANT_END} that the loss span covers: the EOS and the space before it. */
const SPAN_END = ' </s>';

/** Strings the template uses as structure; a turn holding one would be read as a boundary. */
export const LLAMA2_CONTROL_STRINGS = ['[INST]', '[/INST]', '<<SYS>>', '<</SYS>>', '</s>', '<s>'] as const;

/** A character range that carries loss, in Unicode code points. */
export interface LossSpan {
  start: number;
  end: number;
}

/** One line of a `llama2-chat` export. */
export interface Llama2ChatRecord {
  id: string | null;
  text: string;
  spans: LossSpan[];
}

/** Options of the Llama-2-chat rendering. */
export interface Llama2Options {
  /** The system message when the record has none (or when its own is not kept). */
  systemPrompt: string;
  /** Whether a record's own leading system turn replaces {@link Llama2Options.systemPrompt}. */
  keepRecordSystem: boolean;
}

/** The default options: AgentLM's fixed system prompt, a record's own system turn kept. */
export const LLAMA2_DEFAULTS: Llama2Options = { systemPrompt: LLAMA2_DEFAULT_SYSTEM, keepRecordSystem: true };

/** Rendering either gives the record or says why it cannot. */
export type Llama2Result = { ok: true; record: Llama2ChatRecord } | { ok: false; message: string };

/** Code points in a string: UTF-16 length minus one per surrogate pair. */
function codePointLength(text: string): number {
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

/** Whether a turn goes in the user's `[INST]` slot (user and tool turns) rather than the assistant's. */
function inUserSlot(turn: Turn): boolean {
  return turn.role === 'user' || turn.role === 'tool';
}

/** Renders a conversation in the Llama-2-chat template, with the spans that carry loss. */
export function renderLlama2Chat(conversation: Conversation, options: Llama2Options = LLAMA2_DEFAULTS): Llama2Result {
  let turns = conversation.turns;
  let system = options.systemPrompt;
  if (turns[0]?.role === 'system') {
    if (options.keepRecordSystem) system = turnText(turns[0]);
    turns = turns.slice(1);
  }
  if (turns.length === 0) return { ok: false, message: 'the record has no user or assistant turn to render' };
  for (const [index, turn] of turns.entries()) {
    const number = index + (turns === conversation.turns ? 0 : 1);
    if (turn.role === 'system') return { ok: false, message: `turn ${number} is a system turn after the start; Llama-2-chat has one system message, first` };
    if (inUserSlot(turn) !== (index % 2 === 0)) {
      return {
        ok: false,
        message: `turn ${number} (${turn.from}) breaks the user/assistant alternation the Llama-2-chat template needs`,
      };
    }
    const control = LLAMA2_CONTROL_STRINGS.find((marker) => turnText(turn).includes(marker));
    if (control !== undefined) {
      return { ok: false, message: `turn ${number} contains "${control}", which the Llama-2-chat template uses as a boundary` };
    }
  }
  const control = LLAMA2_CONTROL_STRINGS.find((marker) => system.includes(marker));
  if (control !== undefined) return { ok: false, message: `the system message contains "${control}"` };

  const parts: string[] = [system === '' ? USER_TAG : SYSTEM_OPEN + system + SYSTEM_CLOSE];
  let position = codePointLength(parts[0]);
  const spans: LossSpan[] = [];
  const push = (text: string) => {
    parts.push(text);
    position += codePointLength(text);
  };
  for (const [index, turn] of turns.entries()) {
    if (index % 2 === 0) {
      if (index > 0) push(USER_TAG);
      push(turnText(turn) + USER_END);
      continue;
    }
    push(ASSISTANT_TAG);
    const start = position;
    const text = turnText(turn);
    push(text + ASSISTANT_END);
    if (trains(turn)) spans.push({ start, end: start + codePointLength(text + SPAN_END) });
  }
  return { ok: true, record: { id: conversation.id, text: parts.join(''), spans } };
}

/** Reading a Llama-2-chat line either gives the conversation or says where the text breaks the template. */
export type Llama2ReadResult = { ok: true; conversation: Conversation } | { ok: false; message: string };

/** The UTF-16 index of a code-point offset. */
function codeUnitIndex(text: string, codePoints: number): number {
  let index = 0;
  for (let seen = 0; seen < codePoints && index < text.length; seen++) {
    const code = text.charCodeAt(index);
    index += code >= 0xd800 && code <= 0xdbff && index + 1 < text.length ? 2 : 1;
  }
  return index;
}

/**
 * Reads a `llama2-chat` line back into a conversation: the system turn from the `<<SYS>>` block,
 * then user and assistant turns by position; an assistant turn trains (`loss: true`) when a span
 * starts where its text starts, else `loss: false`. Tool results come back as user turns (the
 * template has two roles), and `from` is `human` / `gpt` / `system`.
 */
export function readLlama2Chat(value: unknown): Llama2ReadResult {
  if (typeof value !== 'object' || value === null) return { ok: false, message: 'expected an object {id, text, spans}' };
  const { id, text, spans } = value as Partial<Llama2ChatRecord>;
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
      if (!text.startsWith(USER_TAG, cursor)) return { ok: false, message: `expected "[INST] " at character ${cursor}` };
      cursor += USER_TAG.length;
    }
    const userEnd = text.indexOf(USER_END + ASSISTANT_TAG, cursor);
    if (userEnd < 0) {
      if (!text.endsWith(USER_END)) return { ok: false, message: 'the last user message does not end with a space' };
      turns.push({ role: 'user', text: text.slice(cursor, text.length - USER_END.length), loss: null, from: 'human' });
      break;
    }
    turns.push({ role: 'user', text: text.slice(cursor, userEnd), loss: null, from: 'human' });
    cursor = userEnd + USER_END.length + ASSISTANT_TAG.length;
    const assistantEnd = text.indexOf(ASSISTANT_END, cursor);
    if (assistantEnd < 0) return { ok: false, message: `the assistant message at character ${cursor} is not closed by " </s><s>"` };
    turns.push({ role: 'assistant', text: text.slice(cursor, assistantEnd), loss: trainedStarts.has(cursor), from: 'gpt' });
    cursor = assistantEnd + ASSISTANT_END.length;
  }
  return { ok: true, conversation: { id: typeof id === 'string' ? id : null, task: null, reward: null, turns, raw: value } };
}
