/**
 * FastChat's trainer, as its data format and conversation template document it (docs/recipe.md,
 * "Checking what a trainer reads"):
 *
 * - The file is a JSON list (or JSON Lines) of records with a `conversations` list of `{from, value}`.
 *   `from` is looked up in a two-entry table, `human` and `gpt`: any other name (`system`,
 *   `function_call`, `observation`, `user`...) fails the lookup and stops the preprocessing.
 * - A first message that is not `human` is skipped; after it, messages must alternate human, gpt,
 *   human, ... by position (an assertion stops the run otherwise).
 * - The system message is the template's own; `train_with_template.py` also takes a record's
 *   `system` field when it is a non-empty string.
 * - The `llama-2` template renders `[INST] <<SYS>>\n{system}\n<</SYS>>\n\n` (or `[INST] ` without a
 *   system message), then the first user message followed by `" "`, and every later message as its
 *   role tag (`[INST]` or `[/INST]`), a space, the text and the separator (`" "` after a user
 *   message, `" </s><s>"` after an assistant one); an empty message is rendered as its bare tag.
 * - Masking: the rendered text is cut at `" </s><s>"`; in each piece everything up to the last
 *   `"[/INST] "` is masked and the rest (the assistant's text) is trained; whatever follows the last
 *   piece is masked. So every assistant message trains, whatever loss flag the record carries, and
 *   the closing `" </s>"` belongs to the next masked piece. A message holding `</s>`, `<s>` (read as
 *   special tokens, so the token count misses the masking's and the record is ignored) or `[/INST]`
 *   (where the masking cuts) is refused here.
 */
import { isObject, reject, type CheckedTurn, type RecordCheck } from './types';

/** The roles FastChat's preprocessing knows. */
const ROLES = new Set(['human', 'gpt']);

/** The llama-2 template's parts. */
export const LLAMA2 = {
  systemOpen: '[INST] <<SYS>>\n',
  systemClose: '\n<</SYS>>\n\n',
  user: '[INST]',
  assistant: '[/INST]',
  sep: ' ',
  sep2: ' </s><s>',
} as const;

/** The template's structure strings (a message holding one cannot be read back from the text). */
export const LLAMA2_MARKERS = ['[INST]', '[/INST]', '<<SYS>>', '<</SYS>>', '</s>', '<s>'] as const;

/**
 * What breaks FastChat's preprocessing when a message holds it: `</s>` and `<s>`, which its tokenizer
 * reads as the special tokens (the token count then misses the masking's, and the whole record is
 * ignored), and `[/INST]`, where the masking cuts each piece.
 */
export const FASTCHAT_BREAKERS = ['</s>', '<s>', '[/INST]'] as const;

/** Code points of a string (Python's `len`). */
export function codePointLength(text: string): number {
  let length = 0;
  for (const _character of text) length++;
  return length;
}

/** A rendering: the text, and the code-point range of each trained assistant message. */
export interface Llama2Rendering {
  text: string;
  /** Per message (after any skip), its trained range in code points, or null when masked. */
  trained: ({ start: number; end: number } | null)[];
}

/**
 * Renders alternating messages (human first) with FastChat's llama-2 template and computes the
 * ranges its masking trains. `messages[i]` is human for even i, gpt for odd i.
 */
export function renderLlama2(system: string, messages: readonly string[]): Llama2Rendering {
  let text = system !== '' ? `${LLAMA2.systemOpen}${system}${LLAMA2.systemClose}` : `${LLAMA2.user} `;
  const ranges: { start: number; end: number }[] = [];
  for (const [index, message] of messages.entries()) {
    const tag = index % 2 === 0 ? LLAMA2.user : LLAMA2.assistant;
    if (message === '') {
      text += tag;
      continue;
    }
    if (index === 0) {
      text += `${message} `;
      continue;
    }
    const start = text.length + tag.length + 1;
    text += `${tag} ${message}${index % 2 === 0 ? LLAMA2.sep : LLAMA2.sep2}`;
    if (index % 2 === 1) ranges[index] = { start, end: start + message.length };
  }
  // The masking, on characters: cut at sep2, mask up to the last "[/INST] " of each piece, train the rest.
  const trainedUnits = new Uint8Array(text.length);
  let position = 0;
  for (const [index, piece] of text.split(LLAMA2.sep2).entries()) {
    if (piece === '') break;
    const start = position + (index === 0 ? 0 : LLAMA2.sep2.length);
    const separator = `${LLAMA2.assistant} `;
    const at = piece.lastIndexOf(separator);
    if (at >= 0) trainedUnits.fill(1, start + at + separator.length, start + piece.length);
    position = start + piece.length;
  }
  const toCodePoints = (unit: number) => codePointLength(text.slice(0, unit));
  const trained = messages.map((_, index) => {
    const range = ranges[index];
    if (range === undefined || range.end === range.start) return null;
    for (let unit = range.start; unit < range.end; unit++) if (trainedUnits[unit] !== 1) return null;
    return { start: toCodePoints(range.start), end: toCodePoints(range.end) };
  });
  return { text, trained };
}

/** Options of the check. */
export interface FastChatOptions {
  /** The system message the template uses when a record has none (FastChat's llama-2 template: none). */
  templateSystem?: string;
}

/**
 * Checks one record as FastChat's `train_with_template.py` preprocesses it with the llama-2
 * template. The turns are every message of the record; a skipped first message is marked.
 */
export function checkFastChatRecord(value: unknown, options: FastChatOptions = {}): RecordCheck {
  if (!isObject(value)) return reject('a record must be a JSON object');
  const conversations = value.conversations;
  if (!Array.isArray(conversations)) return reject('`conversations` is missing or not a list: FastChat reads example["conversations"]');
  if (conversations.length === 0) return reject('`conversations` is empty: FastChat reads its first message');
  const reasons: string[] = [];
  const messages: { from: string; value: string }[] = [];
  for (const [index, message] of conversations.entries()) {
    if (!isObject(message)) {
      reasons.push(`conversations[${index}] is not an object`);
      continue;
    }
    if (typeof message.from !== 'string' || !ROLES.has(message.from)) {
      reasons.push(`conversations[${index}].from is ${JSON.stringify(message.from)}: FastChat knows only "human" and "gpt" (the lookup fails)`);
    }
    if (typeof message.value !== 'string') reasons.push(`conversations[${index}].value is not a string`);
    messages.push({ from: String(message.from), value: typeof message.value === 'string' ? message.value : '' });
  }
  if (value.system !== undefined && typeof value.system !== 'string') reasons.push('`system` is not a string');
  if (reasons.length > 0) return reject(...reasons);

  const turns: CheckedTurn[] = [];
  const notes: string[] = [];
  let seen = messages;
  if (messages[0].from !== 'human') {
    turns.push({ role: messages[0].from, text: messages[0].value, trained: false, skipped: true });
    notes.push('the first message is not human: FastChat skips it');
    seen = messages.slice(1);
  }
  for (const [index, message] of seen.entries()) {
    const expected = index % 2 === 0 ? 'human' : 'gpt';
    if (message.from !== expected) reasons.push(`message ${index} after the skip is ${message.from}, FastChat asserts ${expected} (messages must alternate from a human turn)`);
    for (const marker of FASTCHAT_BREAKERS) {
      if (message.value.includes(marker)) reasons.push(`message ${index} holds ${JSON.stringify(marker)}, which breaks FastChat's tokenization or masking`);
    }
  }
  const system = typeof value.system === 'string' && value.system !== '' ? value.system : (options.templateSystem ?? '');
  for (const marker of FASTCHAT_BREAKERS) if (system.includes(marker)) reasons.push(`the system message holds ${JSON.stringify(marker)}`);
  if (reasons.length > 0) return reject(...reasons);

  const rendering = renderLlama2(system, seen.map((message) => message.value));
  for (const [index, message] of seen.entries()) turns.push({ role: message.from, text: message.value, trained: rendering.trained[index] !== null });
  if (!turns.some((turn) => turn.trained)) notes.push('no message trains: the record adds nothing');
  return { ok: true, turns, notes };
}
