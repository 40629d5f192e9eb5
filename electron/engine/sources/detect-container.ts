import type { Container } from '../types';

/** Bytes read from the start of a file to tell its container. */
export const DETECTION_BYTES = 1 << 16;

/** The container and, for one that holds no records, why. */
export interface ContainerGuess {
  container: Container;
  /** Byte offset of the first significant byte (after a BOM and whitespace). */
  offset: number;
  /** 1-based line of that byte. */
  line: number;
}

/**
 * Tells the container from the first bytes: Parquet by its magic number (`PAR1`, Apache Parquet
 * file format), a JSON array by `[`, and for `{`: JSON Lines when the first line holds a complete
 * value (or a broken one: a line-oriented file), one pretty-printed object (or a sequence of them)
 * when the first value goes on past the first line.
 */
export function detectContainer(head: Uint8Array): ContainerGuess {
  if (head.length === 0) return { container: 'empty', offset: 0, line: 1 };
  if (head[0] === 0x50 && head[1] === 0x41 && head[2] === 0x52 && head[3] === 0x31) return { container: 'parquet', offset: 0, line: 1 };
  let index = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf ? 3 : 0;
  let line = 1;
  while (index < head.length && (head[index] === 0x20 || head[index] === 0x09 || head[index] === 0x0a || head[index] === 0x0d)) {
    if (head[index] === 0x0a) line++;
    index++;
  }
  if (index >= head.length) return { container: 'empty', offset: index, line };
  const first = head[index];
  if (first === 0x5b) return { container: 'array', offset: index, line };
  if (first !== 0x7b) return { container: 'not-json', offset: index, line };
  return { container: firstLineHoldsValue(head, index) ? 'jsonl' : 'object', offset: index, line };
}

/**
 * True when the `{` at `start` closes on its own line, or the line breaks in a way no
 * pretty-printed object would (a raw line break inside a string: a cut-off JSON Lines record).
 */
function firstLineHoldsValue(head: Uint8Array, start: number): boolean {
  let depth = 0;
  let inString = false;
  for (let index = start; index < head.length; index++) {
    const byte = head[index];
    if (inString) {
      if (byte === 0x5c) index++;
      else if (byte === 0x22) inString = false;
      else if (byte === 0x0a) return true;
      continue;
    }
    if (byte === 0x22) inString = true;
    else if (byte === 0x7b || byte === 0x5b) depth++;
    else if (byte === 0x7d || byte === 0x5d) {
      depth--;
      if (depth === 0) return true;
    } else if (byte === 0x0a) return false;
  }
  // The first value is longer than the sample and has no line break: one long line.
  return true;
}
