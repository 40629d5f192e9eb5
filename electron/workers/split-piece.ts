import { JsonScanner, type ScanProblem } from '../../shared/text/json-scanner';

/** Record ranges in a buffer (lines 0: not counted), or null when the piece does not split cleanly. */
export type PieceRanges = { starts: Uint32Array; ends: Uint32Array; lines: Uint32Array } | null;

const WHITESPACE = new Uint8Array(256);
for (const byte of [0x20, 0x09, 0x0a, 0x0d]) WHITESPACE[byte] = 1;

/**
 * Splits a piece of a pretty-printed JSON array into its elements at each `separator`
 * (`\n<indent>{`, which the engine checked marks every element start: a raw line break never
 * occurs inside a JSON string), without looking at the bytes in between: each element is what lies
 * between two separators, less the comma and whitespace after it. The tail of the last piece (the
 * last element and the closing `]`) goes through the full JsonScanner. Null when the piece does
 * not look like that (the caller then asks the engine to scan the file itself); whether each
 * element really is JSON, the caller finds out when it parses it.
 */
export function splitPiece(bytes: Buffer, base: number, scan: { first: boolean; last: boolean; separator: Uint8Array; signature: Uint8Array }): PieceRanges {
  const separator = Buffer.from(scan.separator.buffer, scan.separator.byteOffset, scan.separator.byteLength);
  const starts: number[] = [];
  const ends: number[] = [];
  const length = bytes.length;
  // Element starts: the '{' that ends each separator (a piece after the first starts with one).
  const elementStarts: number[] = [];
  if (!scan.first) elementStarts.push(0);
  for (let at = bytes.indexOf(separator, scan.first ? 0 : 1); at >= 0; at = bytes.indexOf(separator, at + 1)) elementStarts.push(at + separator.length - 1);
  if (elementStarts.length === 0 || (scan.first && !onlyArrayOpening(bytes, elementStarts[0]))) return null;
  for (let item = 0; item < elementStarts.length; item++) {
    const start = elementStarts[item];
    const spanEnd = item + 1 < elementStarts.length ? elementStarts[item + 1] - separator.length + 1 : length;
    if (scan.last && item === elementStarts.length - 1) {
      if (!scanTail(bytes, base, start, scan.signature, starts, ends)) return null;
      continue;
    }
    let end = spanEnd;
    while (end > start && WHITESPACE[bytes[end - 1]] === 1) end--;
    if (bytes[end - 1] === 0x2c) end--;
    while (end > start && WHITESPACE[bytes[end - 1]] === 1) end--;
    starts.push(start);
    ends.push(end);
  }
  return { starts: Uint32Array.from(starts), ends: Uint32Array.from(ends), lines: new Uint32Array(starts.length) };
}

/** True when only `[` and whitespace precede the first element (after an optional byte order mark). */
function onlyArrayOpening(bytes: Buffer, firstElement: number): boolean {
  let at = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
  while (at < firstElement && WHITESPACE[bytes[at]] === 1) at++;
  if (bytes[at] !== 0x5b) return false;
  for (at++; at < firstElement; at++) if (WHITESPACE[bytes[at]] !== 1) return false;
  return true;
}

/** Scans the last element and the end of the array; false when the scanner finds any problem. */
function scanTail(bytes: Buffer, base: number, from: number, signature: Uint8Array, starts: number[], ends: number[]): boolean {
  const problems: ScanProblem[] = [];
  const onRecord = (start: number, end: number): void => {
    starts.push(start - base);
    ends.push(end - base);
  };
  const scanner = new JsonScanner('array', { onRecord, onProblem: (problem) => problems.push(problem) }, { insideArray: true, signature });
  scanner.push(bytes.subarray(from), base + from);
  scanner.end();
  return problems.length === 0;
}
