import { fmix32 } from './words';

/**
 * Keys of word n-grams, built from the word hashes of `words.ts` with polynomial rolling hashes
 * (Karp-Rabin) modulo 2^32: key(i, m) = sum over k < m of hash[i + k] * BASE^(m - 1 - k).
 * With uniform word hashes and an odd base, two different word sequences of the same length get
 * the same key with probability 2^-32 per lane; two lanes with different bases give 64-bit keys
 * (leakage), one lane finished with fmix32 gives the 32-bit shingles MinHash needs (dedup).
 * Rolling makes every key O(1), whatever n is.
 */

/** Odd bases of the two lanes (arbitrary odd constants with well-mixed bits). */
const BASE_LOW = 0x01000193;
const BASE_HIGH = 0x5bd1e995;
/** Largest n for which powers are tabled; leakage allows 8-13 and short items up to n - 1. */
export const MAX_NGRAM = 64;

const POWERS_LOW = new Uint32Array(MAX_NGRAM + 1);
const POWERS_HIGH = new Uint32Array(MAX_NGRAM + 1);
POWERS_LOW[0] = 1;
POWERS_HIGH[0] = 1;
for (let power = 1; power <= MAX_NGRAM; power++) {
  POWERS_LOW[power] = Math.imul(POWERS_LOW[power - 1], BASE_LOW);
  POWERS_HIGH[power] = Math.imul(POWERS_HIGH[power - 1], BASE_HIGH);
}

/** Tags the key of a sequence shorter than the n-gram size, so it never equals a full n-gram's key. */
function shortTag(length: number): number {
  return Math.imul(length + 1, 0x27d4eb2f);
}

/**
 * Writes the 32-bit shingle keys of the words `hashes[from..to)` into `out` at `outOffset` and
 * returns how many it wrote: one per window of `size` words, or a single key for the whole
 * sequence when it has fewer than `size` words (so a short turn still counts), none when empty.
 * `out` must have room for max(1, to - from - size + 1) keys.
 */
export function writeShingles(hashes: Uint32Array, from: number, to: number, size: number, out: Uint32Array, outOffset: number): number {
  const count = to - from;
  if (count <= 0) return 0;
  if (count < size) {
    let key = 0;
    for (let index = from; index < to; index++) key = (Math.imul(key, BASE_LOW) + hashes[index]) | 0;
    out[outOffset] = fmix32(key ^ shortTag(count));
    return 1;
  }
  const drop = POWERS_LOW[size - 1];
  let key = 0;
  for (let index = from; index < from + size - 1; index++) key = (Math.imul(key, BASE_LOW) + hashes[index]) | 0;
  let written = outOffset;
  for (let index = from + size - 1; index < to; index++) {
    key = (Math.imul(key, BASE_LOW) + hashes[index]) | 0;
    out[written++] = fmix32(key);
    // Remove the oldest word before the next one enters: key -= hash[oldest] * BASE^(size-1).
    key = (key - Math.imul(hashes[index - size + 1], drop)) | 0;
  }
  return written - outOffset;
}

/**
 * Prefix hashes of both lanes for `hashes[from..to)`: `low[k]` and `high[k]` hold the key of the
 * first k words, so any m-gram key is two multiplications away ({@link ngramLow}, {@link ngramHigh}).
 * Both arrays need room for to - from + 1 values.
 */
export function fillPrefixHashes(hashes: Uint32Array, from: number, to: number, low: Uint32Array, high: Uint32Array): void {
  let keyLow = 0;
  let keyHigh = 0;
  low[0] = 0;
  high[0] = 0;
  for (let index = from; index < to; index++) {
    const hash = hashes[index];
    keyLow = (Math.imul(keyLow, BASE_LOW) + hash) | 0;
    keyHigh = (Math.imul(keyHigh, BASE_HIGH) + hash) | 0;
    low[index - from + 1] = keyLow;
    high[index - from + 1] = keyHigh;
  }
}

/** Low lane of the key of the `length` words starting at prefix position `start` (see {@link fillPrefixHashes}). */
export function ngramLow(low: Uint32Array, start: number, length: number): number {
  return (low[start + length] - Math.imul(low[start], POWERS_LOW[length])) >>> 0;
}

/** High lane of the key of the `length` words starting at prefix position `start`. */
export function ngramHigh(high: Uint32Array, start: number, length: number): number {
  return (high[start + length] - Math.imul(high[start], POWERS_HIGH[length])) >>> 0;
}

/**
 * The 64-bit key (two 32-bit lanes) of a whole word sequence, as {@link ngramLow}/{@link ngramHigh}
 * give it for the same words. Writes the lanes into `out[0]` and `out[1]`.
 */
export function sequenceKey(hashes: Uint32Array, from: number, to: number, out: Uint32Array): void {
  let keyLow = 0;
  let keyHigh = 0;
  for (let index = from; index < to; index++) {
    keyLow = (Math.imul(keyLow, BASE_LOW) + hashes[index]) | 0;
    keyHigh = (Math.imul(keyHigh, BASE_HIGH) + hashes[index]) | 0;
  }
  out[0] = keyLow >>> 0;
  out[1] = keyHigh >>> 0;
}
