/**
 * `JSON.parse` of a record's UTF-8 bytes that holds a huge record's long strings once
 * (docs/scale.md, "One huge record"). `JSON.parse(bytes.toString())` holds three copies of a record
 * at its peak: the bytes, the decoded text and the parsed strings. Here a record of at least
 * {@link BYTES_PARSE_FROM} bytes is parsed as a skeleton, its long string values (at least
 * {@link LONG_STRING_BYTES} bytes) cut out, each of which is decoded straight from the bytes: a run
 * with no escape is one `toString` of its bytes, escapes are decoded into the bytes themselves when
 * the caller drops them afterwards (an unescaped string is never longer than its literal), into a
 * buffer of the literal's size otherwise.
 *
 * The value is the one `JSON.parse` gives, key order, duplicate keys and numbers included: the
 * skeleton is parsed by `JSON.parse` itself, and each cut-out literal is checked first (no raw
 * control character, every escape one JSON has). Whatever does not fit that path (bytes that are
 * not UTF-8, a broken literal, a skeleton that does not parse, a lone surrogate escape) is parsed
 * the plain way, so a broken record gets `JSON.parse`'s own error.
 */
import { isUtf8 } from 'node:buffer';
import { randomBytes } from 'node:crypto';

/** Records shorter than this are parsed the plain way (one string, one `JSON.parse`). */
export const BYTES_PARSE_FROM = 1 << 20;
/** String values at least this long (in bytes, quotes excluded) are decoded from the bytes. */
export const LONG_STRING_BYTES = 8 << 10;

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * What stands for the Nth long string in the skeleton: a string no record can hold by chance (a
 * NUL, then a random nonce of this process), so the walk that puts the strings back finds only these.
 */
const MARK = `\u0000agentmix-long-string:${randomBytes(12).toString('hex')}:`;
const MARK_LITERAL = JSON.stringify(MARK).slice(0, -1);

/** What {@link parseJsonBytes} may do to the bytes. */
export interface ParseBytesOptions {
  /**
   * The caller drops `bytes[start, end)` after the parse: escapes are decoded in place, overwriting
   * them (only once the whole record is known to parse). Never with ranges that overlap.
   */
  consume?: boolean;
  /**
   * Long strings are cut to about this many bytes of their start (a whole character or escape
   * less): for looking at a record's shape (identifying a format), never for reading it.
   */
  preview?: number;
  /** {@link BYTES_PARSE_FROM} (tests lower it). */
  from?: number;
  /** {@link LONG_STRING_BYTES} (tests lower it). */
  longString?: number;
}

/** `JSON.parse(bytes.toString('utf8', start, end))`, holding long strings once; see the module comment. */
export function parseJsonBytes(bytes: Buffer, start: number, end: number, options: ParseBytesOptions = {}): unknown {
  if (end - start < (options.from ?? BYTES_PARSE_FROM)) return JSON.parse(bytes.toString('utf8', start, end));
  const literals = longLiterals(bytes, start, end, options.longString ?? LONG_STRING_BYTES);
  if (literals.length === 0 || !isUtf8(bytes.subarray(start, end)) || !literals.every((_, at) => at % 2 === 1 || checkLiteral(bytes, literals[at] + 1, literals[at + 1]))) {
    return JSON.parse(bytes.toString('utf8', start, end));
  }
  const parts: string[] = [];
  let from = start;
  for (let at = 0; at < literals.length; at += 2) {
    parts.push(bytes.toString('utf8', from, literals[at]), `${MARK_LITERAL}${at / 2}"`);
    from = literals[at + 1] + 1;
  }
  parts.push(bytes.toString('utf8', from, end));
  let skeleton: unknown;
  try {
    skeleton = JSON.parse(parts.join(''));
  } catch {
    return JSON.parse(bytes.toString('utf8', start, end));
  }
  const strings: string[] = [];
  for (let at = 0; at < literals.length; at += 2) {
    const from = literals[at] + 1;
    const to = literals[at + 1];
    strings.push(options.preview === undefined ? decodeLiteral(bytes, from, to, options.consume === true) : previewLiteral(bytes, from, Math.min(to, from + options.preview)));
  }
  return restore(skeleton, strings);
}

/**
 * The long string values of `bytes[start, end)`, as pairs of the indexes of their opening and
 * closing quotes. Quotes alternate (outside a string a quote opens one; inside, a quote closes it
 * unless an odd run of backslashes precedes it); keys (a ':' follows) are left in the skeleton.
 * A string left open ends the search: the skeleton will not parse, and the plain parse says why.
 */
function longLiterals(bytes: Buffer, start: number, end: number, long: number): number[] {
  const found: number[] = [];
  for (let open = bytes.indexOf(QUOTE, start); open >= 0 && open < end; ) {
    let close = bytes.indexOf(QUOTE, open + 1);
    while (close >= 0 && close < end && escaped(bytes, open, close)) close = bytes.indexOf(QUOTE, close + 1);
    if (close < 0 || close >= end) break;
    if (close - open - 1 >= long && !followedByColon(bytes, close + 1, end)) found.push(open, close);
    open = bytes.indexOf(QUOTE, close + 1);
  }
  return found;
}

/** Whether the quote at `quote` is escaped: an odd run of backslashes right before it (after `open`). */
function escaped(bytes: Buffer, open: number, quote: number): boolean {
  let at = quote - 1;
  while (at > open && bytes[at] === BACKSLASH) at--;
  return (quote - 1 - at) % 2 === 1;
}

function followedByColon(bytes: Buffer, from: number, end: number): boolean {
  let at = from;
  while (at < end && (bytes[at] === 0x20 || bytes[at] === 0x09 || bytes[at] === 0x0a || bytes[at] === 0x0d)) at++;
  return at < end && bytes[at] === COLON;
}

/** 1 for the bytes that may follow a backslash in JSON (`u` is checked apart). */
const SIMPLE_ESCAPE = new Uint8Array(256);
for (const character of '"\\/bfnrt') SIMPLE_ESCAPE[character.charCodeAt(0)] = 1;

/**
 * Whether the literal's content `bytes[from, to)` is one `JSON.parse` takes and {@link decodeLiteral}
 * can write as UTF-8: no raw control character, only JSON's escapes, and `\u` surrogates in pairs
 * (a lone one is valid JSON, but has no UTF-8: such a record is parsed the plain way).
 */
function checkLiteral(bytes: Buffer, from: number, to: number): boolean {
  for (let at = from; at < to; at++) if (bytes[at] < 0x20) return false;
  for (let at = bytes.indexOf(BACKSLASH, from); at >= 0 && at < to; at = bytes.indexOf(BACKSLASH, at)) {
    const next = bytes[at + 1];
    if (SIMPLE_ESCAPE[next] === 1 && at + 1 < to) {
      at += 2;
      continue;
    }
    if (next !== 0x75 || at + 6 > to) return false;
    const unit = hexUnit(bytes, at + 2);
    if (unit < 0) return false;
    if (unit >= 0xd800 && unit <= 0xdbff) {
      const low = at + 12 <= to && bytes[at + 6] === BACKSLASH && bytes[at + 7] === 0x75 ? hexUnit(bytes, at + 8) : -1;
      if (low < 0xdc00 || low > 0xdfff) return false;
      at += 12;
      continue;
    }
    if (unit >= 0xdc00 && unit <= 0xdfff) return false;
    at += 6;
  }
  return true;
}

/** The UTF-16 unit of the four hex digits at `at`, or -1. */
function hexUnit(bytes: Buffer, at: number): number {
  let unit = 0;
  for (let digit = at; digit < at + 4; digit++) {
    const byte = bytes[digit];
    const value = byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : byte >= 0x61 && byte <= 0x66 ? byte - 0x57 : byte >= 0x41 && byte <= 0x46 ? byte - 0x37 : -1;
    if (value < 0) return -1;
    unit = unit * 16 + value;
  }
  return unit;
}

const ESCAPED_BYTE: Record<number, number> = { 0x22: 0x22, 0x5c: 0x5c, 0x2f: 0x2f, 0x62: 0x08, 0x66: 0x0c, 0x6e: 0x0a, 0x72: 0x0d, 0x74: 0x09 };

/** The string of a checked literal's content `bytes[from, to)`, unescaped in place when `consume`. */
function decodeLiteral(bytes: Buffer, from: number, to: number, consume: boolean): string {
  let escape = bytes.indexOf(BACKSLASH, from);
  if (escape < 0 || escape >= to) return bytes.toString('utf8', from, to);
  const target = consume ? bytes : Buffer.allocUnsafe(to - from);
  let write = consume ? escape : bytes.copy(target, 0, from, escape);
  const first = consume ? from : 0;
  let read = escape;
  while (read < to) {
    const next = bytes[read + 1];
    if (next !== 0x75) {
      target[write++] = ESCAPED_BYTE[next];
      read += 2;
    } else {
      let point = hexUnit(bytes, read + 2);
      read += 6;
      if (point >= 0xd800 && point <= 0xdbff) {
        point = 0x10000 + ((point - 0xd800) << 10) + (hexUnit(bytes, read + 2) - 0xdc00);
        read += 6;
      }
      write = writeCodePoint(target, write, point);
    }
    escape = bytes.indexOf(BACKSLASH, read);
    const stop = escape < 0 || escape >= to ? to : escape;
    // In place, copyWithin moves the run down (memmove); TypedArray.set would clone it first.
    if (consume) target.copyWithin(write, read, stop);
    else bytes.copy(target, write, read, stop);
    write += stop - read;
    read = stop;
  }
  return target.toString('utf8', first, write);
}

/** The start of a checked literal's content, up to `cut` less the character or escape it would split. */
function previewLiteral(bytes: Buffer, from: number, cut: number): string {
  // An escape is at most 6 bytes: back off (a whole character at a time) until what is left parses.
  for (let to = cut, tries = 0; tries < 8 && to > from; tries++, to--) {
    while (to > from && (bytes[to] & 0xc0) === 0x80) to--;
    try {
      return JSON.parse(`"${bytes.toString('utf8', from, to)}"`) as string;
    } catch {
      // cut inside an escape
    }
  }
  return '';
}

/** Writes a code point as UTF-8 at `at`; returns the index after it. */
function writeCodePoint(target: Buffer, at: number, point: number): number {
  if (point < 0x80) {
    target[at] = point;
    return at + 1;
  }
  if (point < 0x800) {
    target[at] = 0xc0 | (point >> 6);
    target[at + 1] = 0x80 | (point & 0x3f);
    return at + 2;
  }
  if (point < 0x10000) {
    target[at] = 0xe0 | (point >> 12);
    target[at + 1] = 0x80 | ((point >> 6) & 0x3f);
    target[at + 2] = 0x80 | (point & 0x3f);
    return at + 3;
  }
  target[at] = 0xf0 | (point >> 18);
  target[at + 1] = 0x80 | ((point >> 12) & 0x3f);
  target[at + 2] = 0x80 | ((point >> 6) & 0x3f);
  target[at + 3] = 0x80 | (point & 0x3f);
  return at + 4;
}

/** Puts the long strings back where the skeleton holds their marks (a walk with a stack: no recursion). */
function restore(skeleton: unknown, strings: readonly string[]): unknown {
  const restored = (value: unknown): unknown => (typeof value === 'string' && value.startsWith(MARK) ? strings[Number(value.slice(MARK.length))] : value);
  const top = restored(skeleton);
  const pending: object[] = top !== null && typeof top === 'object' ? [top] : [];
  while (pending.length > 0) {
    const container = pending.pop() as Record<string, unknown>;
    if (Array.isArray(container)) {
      for (let at = 0; at < container.length; at++) {
        const value: unknown = container[at];
        if (value !== null && typeof value === 'object') pending.push(value);
        else if (typeof value === 'string' && value.startsWith(MARK)) container[at] = restored(value);
      }
      continue;
    }
    for (const key of Object.keys(container)) {
      const value = container[key];
      if (value !== null && typeof value === 'object') pending.push(value);
      else if (typeof value === 'string' && value.startsWith(MARK)) container[key] = restored(value);
    }
  }
  return top;
}
