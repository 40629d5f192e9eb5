import { JsonScanner, type ScanProblem } from '../../shared/text/json-scanner';
import { findInvalidUtf8 } from '../../shared/text/utf8';

/** Marks an element the caller still has to check and parse (it may be broken). */
export const UNPARSED: unique symbol = Symbol('unparsed');

/** Record ranges in a buffer (lines 0: not counted) and the values already parsed. */
export interface PieceElements {
  ranges: { starts: Uint32Array; ends: Uint32Array; lines: Uint32Array };
  values: unknown[];
  /** False when an element did not parse between its separators or the scanner found a problem. */
  clean: boolean;
}

const WHITESPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[byte] = 1;

/**
 * Splits a piece of a pretty-printed JSON array into its elements at each `separator`
 * (`\n<indent>{`, which the engine checked marks every element start: a raw line break never
 * occurs inside a JSON string), and parses them, without scanning the bytes in between: each
 * element is what lies between two separators, less the comma and whitespace after it. An element
 * that does not parse there, and the piece's tail when it ends the file (the closing `]`), go
 * through the full JsonScanner, which finds what is really there and reports what is broken, as
 * when the engine scans the whole file itself.
 */
export function splitPiece(bytes: Buffer, base: number, scan: { first: boolean; last: boolean; separator: Uint8Array; signature: Uint8Array }, allUtf8: boolean, problems: ScanProblem[]): PieceElements {
  const separator = Buffer.from(scan.separator.buffer, scan.separator.byteOffset, scan.separator.byteLength);
  const starts: number[] = [];
  const ends: number[] = [];
  const values: unknown[] = [];
  const length = bytes.length;
  let clean = true;
  // Element starts: the '{' that ends each separator (a piece after the first starts with one).
  const elementStarts: number[] = [];
  if (!scan.first) elementStarts.push(0);
  for (let at = bytes.indexOf(separator, scan.first ? 0 : 1); at >= 0; at = bytes.indexOf(separator, at + 1)) elementStarts.push(at + separator.length - 1);
  if (scan.first && (elementStarts.length === 0 || !onlyArrayOpening(bytes, elementStarts[0]))) {
    // Not the layout the engine saw: scan the whole piece.
    scanSpan(bytes, base, 0, length, { ...scan, first: true }, starts, ends, values, problems);
    return elements(starts, ends, values, false);
  }
  for (let item = 0; item < elementStarts.length; item++) {
    const start = elementStarts[item];
    const spanEnd = item + 1 < elementStarts.length ? elementStarts[item + 1] - separator.length + 1 : length;
    if (scan.last && item === elementStarts.length - 1) {
      scanSpan(bytes, base, start, spanEnd, { ...scan, first: false, last: true }, starts, ends, values, problems);
      continue;
    }
    let end = spanEnd;
    while (end > start && WHITESPACE[bytes[end - 1]] === 1) end--;
    if (bytes[end - 1] === 0x2c) end--;
    while (end > start && WHITESPACE[bytes[end - 1]] === 1) end--;
    if (!allUtf8 && findInvalidUtf8(bytes, start, end) >= 0) {
      // The caller reports the encoding.
      starts.push(start);
      ends.push(end);
      values.push(UNPARSED);
      continue;
    }
    let value: unknown;
    try {
      value = JSON.parse(bytes.toString('utf8', start, end));
    } catch {
      clean = false;
      scanSpan(bytes, base, start, spanEnd, { ...scan, first: false, last: false }, starts, ends, values, problems);
      continue;
    }
    starts.push(start);
    ends.push(end);
    values.push(value);
  }
  return elements(starts, ends, values, clean && problems.length === 0);
}

/** True when only `[` and whitespace precede the first element (after an optional byte order mark). */
function onlyArrayOpening(bytes: Buffer, firstElement: number): boolean {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < firstElement && WHITESPACE[bytes[at]] === 1) at++;
  if (bytes[at] !== 0x5b) return false;
  for (at++; at < firstElement; at++) if (WHITESPACE[bytes[at]] !== 1) return false;
  return true;
}

/** Runs the full scanner over `[from, to)`, adding the elements it finds (unparsed) and its problems. */
function scanSpan(bytes: Buffer, base: number, from: number, to: number, scan: { first: boolean; last: boolean; signature: Uint8Array }, starts: number[], ends: number[], values: unknown[], problems: ScanProblem[]): void {
  const onRecord = (start: number, end: number): void => {
    starts.push(start - base);
    ends.push(end - base);
    values.push(UNPARSED);
  };
  const scanner = new JsonScanner('array', { onRecord, onProblem: (problem) => problems.push({ ...problem, line: 0, errorLine: 0 }) }, { insideArray: !scan.first, signature: scan.signature });
  scanner.push(bytes.subarray(from, to), base + from);
  if (scan.last) scanner.end();
  else scanner.cut();
}

function elements(starts: number[], ends: number[], values: unknown[], clean: boolean): PieceElements {
  return { ranges: { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), lines: new Uint32Array(starts.length) }, values, clean };
}
