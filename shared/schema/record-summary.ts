import type { Conversation } from './conversation';
import { turnText } from './turn-text';

/**
 * What the record index keeps of each record (docs/ingest.md): enough to list, sort and
 * filter records without reading them again from disk.
 */
export interface RecordSummary {
  id: string | null;
  task: string | null;
  /** Number of turns. */
  turns: number;
  /** Total characters of the turn texts with their reasoning and calls ({@link turnText}; UTF-16 code units, as JavaScript counts `length`). */
  chars: number;
  /** Turns whose loss flag is true, false, or null (not given). */
  lossTrue: number;
  lossFalse: number;
  lossNull: number;
  reward: number | null;
  /** The first user turn, whitespace collapsed to single spaces and trimmed, cut to the preview length. */
  firstUserText: string;
}

/** The summary of a conversation; `previewChars` bounds {@link RecordSummary.firstUserText}. */
export function summarize(conversation: Conversation, previewChars = 160): RecordSummary {
  let chars = 0;
  let lossTrue = 0;
  let lossFalse = 0;
  let firstUser: string | null = null;
  for (const turn of conversation.turns) {
    chars += turnText(turn).length;
    if (turn.loss === true) lossTrue++;
    else if (turn.loss === false) lossFalse++;
    if (firstUser === null && turn.role === 'user') firstUser = turn.text;
  }
  return {
    id: conversation.id,
    task: conversation.task,
    turns: conversation.turns.length,
    chars,
    lossTrue,
    lossFalse,
    lossNull: conversation.turns.length - lossTrue - lossFalse,
    reward: conversation.reward,
    firstUserText: firstUser === null ? '' : collapsedPrefix(firstUser, previewChars),
  };
}

/**
 * The text with every run of whitespace turned into one space, trimmed, and cut to `limit`
 * characters. It reads only as far as the preview needs, since first turns can be long prompts
 * (the AgentInstruct task prompts run to thousands of characters), and never cuts a surrogate pair
 * in half.
 */
export function collapsedPrefix(text: string, limit: number): string {
  // Character codes into a reused buffer: a regular expression over a slice costs several times more,
  // and this runs once per record while indexing.
  const plain = plainPrefixEnd(text, limit);
  if (plain >= 0) return text.slice(0, plain);
  if (buffer.length < limit) buffer = new Uint16Array(limit);
  let length = 0;
  let pendingSpace = false;
  for (let index = 0; index < text.length && length < limit; index++) {
    const code = text.charCodeAt(index);
    if (isWhitespace(code)) {
      pendingSpace = length > 0;
      continue;
    }
    if (pendingSpace) {
      buffer[length++] = 0x20;
      pendingSpace = false;
      if (length === limit) break;
    }
    buffer[length++] = code;
  }
  if (length > 0 && buffer[length - 1] === 0x20) length--;
  if (length > 0 && buffer[length - 1] >= 0xd800 && buffer[length - 1] <= 0xdbff) length--;
  // eslint-disable-next-line agentmix/no-spread-arguments -- bounded: `length` stops at the preview's limit
  return String.fromCharCode.apply(null, buffer.subarray(0, length) as unknown as number[]);
}

let buffer = new Uint16Array(256);

/**
 * Where the preview ends when the text needs no collapsing there (no leading whitespace, only single
 * spaces between words, no trailing space at the cut, no surrogate pair cut): then it is a plain
 * slice. -1 when it does need collapsing.
 */
function plainPrefixEnd(text: string, limit: number): number {
  const end = Math.min(text.length, limit);
  let previousSpace = true;
  for (let index = 0; index < end; index++) {
    const code = text.charCodeAt(index);
    if (code === 0x20) {
      if (previousSpace) return -1;
      previousSpace = true;
    } else if (code < 0x20 || (code >= 0x80 && isWhitespace(code))) {
      return -1;
    } else {
      previousSpace = false;
    }
  }
  if (end === 0) return 0;
  const last = text.charCodeAt(end - 1);
  if (previousSpace || (last >= 0xd800 && last <= 0xdbff)) return -1;
  // A cut text may continue with whitespace that trimming would have dropped anyway: the slice is the same.
  return end;
}

/** The characters `\s` matches in JavaScript regular expressions (ECMA-262 WhiteSpace and LineTerminator). */
function isWhitespace(code: number): boolean {
  if (code <= 0x20) return code === 0x20 || (code >= 0x09 && code <= 0x0d);
  return (
    code === 0xa0 || code === 0x1680 || (code >= 0x2000 && code <= 0x200a) || code === 0x2028 || code === 0x2029 ||
    code === 0x202f || code === 0x205f || code === 0x3000 || code === 0xfeff
  );
}
