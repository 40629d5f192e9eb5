/**
 * The whitespace words of a text as exact ids, for the Gopher n-gram statistics
 * (docs/scale.md, "Measuring at the speed of reading"): one walk over the code units hashes each
 * word (no split, no substring) and looks it up in an open-addressing table of the words seen so
 * far; a hash hit is confirmed code unit by code unit against the word's first occurrence in the
 * same text, so two words get one id exactly when they are equal, whatever their hashes. The
 * n-gram passes then compare small integers, never strings or hashes.
 *
 * Arrays are typed and reused between calls; they grow with the words found (not with the text's
 * length), and what a huge text grew is let go after it (docs/scale.md, "One huge record").
 */
import { jsSpaceTable } from '../text/js-space';

/** Words, or distinct words, past which a buffer is not kept for the next text. */
export const KEEP_LIMIT = 1 << 16;

/** The words of one text: `ids[0 .. count)` in order, and the length of each distinct word. */
export interface WordIds {
  /** Words in the text. */
  count: number;
  /** The id of each word (0, 1, ... in order of first occurrence). */
  ids: Int32Array;
  /** Distinct words. */
  distinct: number;
  /** Code units of each distinct word, by id. */
  lengths: Int32Array;
  /** Occurrences of each distinct word, by id. */
  counts: Int32Array;
}

let ids = new Int32Array(1024);
/** By id: where the word first occurs, its length and its hash. */
let starts = new Int32Array(256);
let lengths = new Int32Array(256);
let hashes = new Int32Array(256);
let counts = new Int32Array(256);
/** Open addressing: id + 1 of the word in a slot, 0 when empty. */
let slots = new Int32Array(512);

/** A copy of `array` with room for `size` values. */
function grown(array: Int32Array<ArrayBuffer>, size: number): Int32Array<ArrayBuffer> {
  const copy = new Int32Array(size);
  copy.set(array);
  return copy;
}

/** The slot of a word hash in a table of `mask + 1` slots. */
function home(hash: number, mask: number): number {
  const mixed = Math.imul(hash ^ (hash >>> 15), 0x2c1b3c6d);
  return (mixed ^ (mixed >>> 12)) & mask;
}

/** Rebuilds the table with `capacity` slots from the words' stored hashes. */
function rehash(distinct: number, capacity: number): number {
  if (slots.length < capacity) slots = new Int32Array(capacity);
  else slots.fill(0, 0, capacity);
  const mask = capacity - 1;
  for (let id = 0; id < distinct; id++) {
    let slot = home(hashes[id], mask);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
  return mask;
}

/** The table hash the scanner gives a word (FNV-1a over its code units, then its length): for tests that make two words meet. */
export function wordHash(word: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ word.charCodeAt(index), 0x01000193);
  return hash ^ word.length;
}

/** Whether `text[first, first + length)` equals `text[second, second + length)`. */
function sameRange(text: string, first: number, second: number, length: number): boolean {
  for (let offset = 0; offset < length; offset++) if (text.charCodeAt(first + offset) !== text.charCodeAt(second + offset)) return false;
  return true;
}

/**
 * Finds the whitespace-separated words of `text` (what `text.split(/\s+/)` keeps) as exact ids.
 * The result's arrays are the scanner's own, valid until the next call.
 */
export function scanWordIds(text: string): WordIds {
  const space = jsSpaceTable();
  const length = text.length;
  // Room for a word per 4 code units at half load, up to 512 slots to start with (then it doubles).
  let capacity = 64;
  while (capacity < 512 && capacity < length >>> 1) capacity *= 2;
  let mask = capacity - 1;
  slots.fill(0, 0, capacity);
  let count = 0;
  let distinct = 0;
  let index = 0;
  while (index < length) {
    let code = text.charCodeAt(index);
    if (space[code] === 1) {
      index++;
      continue;
    }
    const start = index;
    let hash = 0x811c9dc5;
    for (;;) {
      hash = Math.imul(hash ^ code, 0x01000193);
      if (++index === length) break;
      code = text.charCodeAt(index);
      if (space[code] === 1) break;
    }
    const size = index - start;
    hash ^= size;
    let slot = home(hash, mask);
    let id = -1;
    for (;;) {
      const entry = slots[slot];
      if (entry === 0) break;
      const candidate = entry - 1;
      if (hashes[candidate] === hash && lengths[candidate] === size && sameRange(text, starts[candidate], start, size)) {
        id = candidate;
        counts[id]++;
        break;
      }
      slot = (slot + 1) & mask;
    }
    if (id === -1) {
      id = distinct++;
      if (id === starts.length) {
        starts = grown(starts, id * 2);
        lengths = grown(lengths, id * 2);
        hashes = grown(hashes, id * 2);
        counts = grown(counts, id * 2);
      }
      starts[id] = start;
      lengths[id] = size;
      hashes[id] = hash;
      counts[id] = 1;
      slots[slot] = id + 1;
      // At most half full: a lookup meets one or two slots.
      if (distinct * 2 > capacity) {
        capacity *= 2;
        mask = rehash(distinct, capacity);
      }
    }
    if (count === ids.length) ids = grown(ids, count * 2);
    ids[count++] = id;
  }
  return { count, ids, distinct, lengths, counts };
}

/** Lets go of what a huge text grew (call once its ids are no longer read). */
export function releaseWordIds(): void {
  if (ids.length > KEEP_LIMIT) ids = new Int32Array(1024);
  if (starts.length > KEEP_LIMIT) {
    starts = new Int32Array(256);
    lengths = new Int32Array(256);
    hashes = new Int32Array(256);
    counts = new Int32Array(256);
  }
  if (slots.length > KEEP_LIMIT) slots = new Int32Array(512);
}
