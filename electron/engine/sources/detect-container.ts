import type { Container } from '../types';

/** Bytes read from the start of a file (after decoding) to tell its container. */
export const DETECTION_BYTES = 1 << 20;

/** Lines of the head looked at to tell JSON Lines (beyond the first). */
const SAMPLE_LINES = 64;

/** How lines end: LF (or CRLF), or CR alone (old Mac files). */
export type LineEnd = 'lf' | 'cr';

/** The container and where its content starts. */
export interface ContainerGuess {
  container: Container;
  /** Byte offset of the first significant byte (after a BOM and whitespace). */
  offset: number;
  /** 1-based line of that byte. */
  line: number;
  lineEnd: LineEnd;
}

const isSpace = (byte: number): boolean => byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * Tells the container from the first bytes (docs/ingest.md, "Containers"):
 * - Parquet by its magic number at both ends (`PAR1`, Apache Parquet file format);
 * - a JSON array by `[`;
 * - JSON Lines when the first line holds a complete object, or when most of the next lines do (each
 *   a whole object starting at the line's first byte): a cut or garbage first line is then one
 *   problem, not a file read as something else;
 * - one or more pretty-printed objects by `{`;
 * - `PAR1` at the start only: Parquet (its reader says why it is not one), unless it is JSON Lines.
 * `tail` is the file's last 4 bytes; `later`, for a first line longer than the head, the bytes
 * from the start of the second line.
 */
export function detectContainer(head: Uint8Array, tail: Uint8Array, later?: Uint8Array): ContainerGuess {
  const lineEnd: LineEnd = head.indexOf(0x0a) < 0 && head.indexOf(0x0d) >= 0 ? 'cr' : 'lf';
  const breakByte = lineEnd === 'cr' ? 0x0d : 0x0a;
  if (head.length === 0) return { container: 'empty', offset: 0, line: 1, lineEnd };
  const magic = head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31;
  if (magic && tail.length === 4 && tail[0] === 0x50 && tail[1] === 0x41 && tail[2] === 0x52 && tail[3] === 0x31) return { container: 'parquet', offset: 0, line: 1, lineEnd };
  let index = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (index < head.length && isSpace(head[index])) {
    if (head[index] === breakByte) line++;
    index++;
  }
  if (index >= head.length) return { container: 'empty', offset: index, line, lineEnd };
  const first = head[index];
  const guess = (container: Container): ContainerGuess => ({ container, offset: index, line, lineEnd });
  const firstLineEnd = head.indexOf(breakByte, index);
  if (first === 0x5b) return guess('array');
  if (first === 0x7b && valueEnd(head, index) !== 'open') {
    // The first value closes on its own line, or the line breaks inside a string (a cut record),
    // or it runs past the sample with no line break (one long line).
    return guess('jsonl');
  }
  if (firstLineEnd >= 0 ? mostLinesAreValues(head, firstLineEnd + 1, breakByte) : later !== undefined && mostLinesAreValues(later, 0, breakByte)) return guess('jsonl');
  if (magic) return { container: 'parquet', offset: 0, line: 1, lineEnd };
  if (first === 0x7b) return guess('object');
  return guess('not-json');
}

/**
 * Where the value starting at `start` ends: `'line'` when it closes before the end of its line (or
 * its line breaks inside a string, which no JSON does: a cut line), `'open'` when a line break
 * outside strings comes first, `'long'` when the sample ends before either.
 */
function valueEnd(head: Uint8Array, start: number): 'line' | 'open' | 'long' {
  let depth = 0;
  let inString = false;
  for (let index = start; index < head.length; index++) {
    const byte = head[index];
    if (inString) {
      if (byte === 0x5c) index++;
      else if (byte === 0x22) inString = false;
      else if (byte === 0x0a || byte === 0x0d) return 'line';
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return 'line';
    } else if (byte === 0x0a || byte === 0x0d) return 'open';
  }
  return 'long';
}

/**
 * True when, of the non-blank lines from `from` on (up to {@link SAMPLE_LINES}, whole lines of the
 * sample only), at least one and at least half are one complete object that starts at the
 * line's first byte and ends at its last (pretty-printed JSON indents its inner lines and ends
 * them with commas, so they never qualify).
 */
function mostLinesAreValues(head: Uint8Array, from: number, breakByte: number): boolean {
  let values = 0;
  let lines = 0;
  let start = from;
  while (lines < SAMPLE_LINES && start < head.length) {
    const end = head.indexOf(breakByte, start);
    if (end < 0) break; // the sample cuts this line
    let stop = end;
    while (stop > start && isSpace(head[stop - 1])) stop--;
    if (stop > start) {
      lines++;
      if (head[start] === 0x7b && closesAt(head, start, stop)) values++;
    }
    start = end + 1;
  }
  return values > 0 && values * 2 >= lines;
}

/** True when the object at `start` closes exactly at `stop - 1`. */
function closesAt(head: Uint8Array, start: number, stop: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = start; index < stop; index++) {
    const byte = head[index];
    if (inString) {
      if (byte === 0x5c) index++;
      else if (byte === 0x22) inString = false;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return index === stop - 1;
    }
  }
  return false;
}

/** True when the head's first line (after leading whitespace) does not end inside it: the caller may look further. */
export function firstLineOutruns(head: Uint8Array, lineEnd: LineEnd): boolean {
  let index = 0;
  while (index < head.length && isSpace(head[index])) index++;
  return index < head.length && head.indexOf(lineEnd === 'cr' ? 0x0d : 0x0a, index) < 0;
}
