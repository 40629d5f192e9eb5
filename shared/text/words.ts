/**
 * The word tokenizer that feeds exact dedup, MinHash shingles and leakage n-grams in one pass
 * (docs/dedup-and-leakage.md, "One tokenizer pass per turn": this pass is the main cost of both).
 *
 * It walks the UTF-16 code units of a string (what JSON.parse returns) through a 64 Ki-entry
 * lookup table: one load gives the class of a code unit, another its lowercase form. Walking the
 * string rather than a UTF-8 copy keeps the character offsets of every word in the units the UI and
 * `String.prototype.slice` use, with no byte-to-character map; for ASCII text the two are the same.
 *
 * A word is a run of letters, digits, marks and `_`; a Han, Hiragana or Katakana character is a
 * word by itself (those scripts do not separate words with spaces); any other non-space character
 * is punctuation: not a word, but part of the exact key. Words are hashed case-folded with FNV-1a
 * and finished with MurmurHash3's fmix32, so their hashes are uniform 32-bit values that the
 * polynomial n-gram keys in `word-ngrams.ts` can combine linearly.
 */

/** Class of a code unit: whitespace. */
const SPACE = 0;
/** Class of a code unit: part of a word. */
const WORD = 1;
/** Class of a code unit: punctuation or symbol (kept in the exact key, not a word). */
const PUNCTUATION = 2;
/** Class of a code unit: an ideograph or kana, a word of its own. */
const IDEOGRAPH = 3;
/** Entries of the combined table for the non-word classes (word characters hold their folded code, >= 0). */
const SPACE_VALUE = -1 - SPACE;
const IDEOGRAPH_VALUE = -1 - IDEOGRAPH;

let classTable: Uint8Array | null = null;
let lowerTable: Uint16Array | null = null;
/** Both tables in one: the folded code for a word character, else minus one minus its class (one load per character in the hot loop). */
let codeTable: Int32Array | null = null;

/** Builds the two lookup tables once, on first use (about 20 ms), so importing this module is free. */
function buildTables(): void {
  const classes = new Uint8Array(65536);
  const lower = new Uint16Array(65536);
  const word = /[\p{L}\p{N}\p{M}_]/u;
  const ideograph = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}]/u;
  const space = /\s/u;
  for (let code = 0; code < 65536; code++) {
    lower[code] = code;
    if (code >= 0xd800 && code <= 0xdfff) {
      // Surrogate halves (emoji, rare scripts): punctuation for the exact key.
      classes[code] = PUNCTUATION;
      continue;
    }
    const character = String.fromCharCode(code);
    if (space.test(character)) classes[code] = SPACE;
    else if (ideograph.test(character)) classes[code] = IDEOGRAPH;
    else if (word.test(character)) classes[code] = WORD;
    else classes[code] = PUNCTUATION;
    const folded = character.toLowerCase();
    if (folded.length === 1) lower[code] = folded.charCodeAt(0);
  }
  // Control characters other than whitespace count as space: they never carry meaning in text.
  for (let code = 0; code < 32; code++) classes[code] = SPACE;
  classes[0x7f] = SPACE;
  classTable = classes;
  lowerTable = lower;
  codeTable = new Int32Array(65536);
  for (let code = 0; code < 65536; code++) codeTable[code] = classes[code] === WORD ? lower[code] : -1 - classes[code];
}

/** MurmurHash3's 32-bit finalizer: makes every output bit depend on every input bit. */
export function fmix32(value: number): number {
  let h = value >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** FNV-1a offset basis and prime (32-bit), the per-character step of a word hash. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;
/** Seeds and multipliers of the two lanes of the 64-bit exact (turn) hash. */
const LANE_SEED_LOW = 0x9e3779b9;
const LANE_SEED_HIGH = 0x7f4a7c15;
const LANE_PRIME_LOW = 0xcc9e2d51;
const LANE_PRIME_HIGH = 0x1b873593;
/** Marks a token preceded by whitespace, so `a, b` and `a,b` hash apart while `a  b` and `a b` do not. */
const SPACE_BEFORE = 0x5bd1e995;
/** Marks a punctuation token, so it cannot be confused with a word whose hash equals its code. */
const PUNCTUATION_TAG = 0x27d4eb2f;

/**
 * Words of one or more texts, appended turn after turn, in growable typed arrays.
 * Reuse one buffer for many records (reset `count` to 0) so tokenizing allocates nothing.
 */
export interface WordBuffer {
  /** Words held. */
  count: number;
  /** Hash of each word (case-folded FNV-1a, fmix32-finished). */
  hashes: Uint32Array;
  /** Offset of each word's first code unit in its text. */
  starts: Uint32Array;
  /** Offset just past each word's last code unit in its text. */
  ends: Uint32Array;
  /** Low 32 bits of the normalized hash of the last text appended (see {@link appendWords}). */
  keyLow: number;
  /** High 32 bits of that hash. */
  keyHigh: number;
}

/** Creates an empty word buffer with room for `capacity` words (it grows on demand). */
export function createWordBuffer(capacity = 1024): WordBuffer {
  const size = Math.max(16, capacity);
  return {
    count: 0,
    hashes: new Uint32Array(size),
    starts: new Uint32Array(size),
    ends: new Uint32Array(size),
    keyLow: 0,
    keyHigh: 0,
  };
}

/** Makes room for at least `needed` words, keeping what the buffer holds. */
function ensureCapacity(buffer: WordBuffer, needed: number): void {
  if (needed <= buffer.hashes.length) return;
  let size = buffer.hashes.length * 2;
  while (size < needed) size *= 2;
  const hashes = new Uint32Array(size);
  hashes.set(buffer.hashes.subarray(0, buffer.count));
  const starts = new Uint32Array(size);
  starts.set(buffer.starts.subarray(0, buffer.count));
  const ends = new Uint32Array(size);
  ends.set(buffer.ends.subarray(0, buffer.count));
  buffer.hashes = hashes;
  buffer.starts = starts;
  buffer.ends = ends;
}

/**
 * Appends the words of `text` to `buffer` and sets `buffer.keyLow`/`keyHigh` to the 64-bit hash
 * of the text's normalized form: lowercased, whitespace runs collapsed to one space, leading and
 * trailing whitespace dropped (the same string {@link normalizeForKey} in `normalize.ts` builds).
 * Two texts get the same key exactly when their normalized forms are equal, up to hash collisions.
 * Returns the number of words appended.
 */
export function appendWords(buffer: WordBuffer, text: string): number {
  if (codeTable === null) buildTables();
  const table = codeTable as Int32Array;
  const length = text.length;
  // A text has at most one word per two code units, plus one.
  ensureCapacity(buffer, buffer.count + (length >>> 1) + 1);
  const hashes = buffer.hashes;
  const starts = buffer.starts;
  const ends = buffer.ends;
  const first = buffer.count;
  let count = first;
  let keyLow = LANE_SEED_LOW;
  let keyHigh = LANE_SEED_HIGH;
  let spaced = 0;
  let started = false;
  let index = 0;
  while (index < length) {
    const code = text.charCodeAt(index);
    const value = table[code];
    let token: number;
    if (value >= 0) {
      const start = index;
      let hash = Math.imul(FNV_OFFSET ^ value, FNV_PRIME);
      index++;
      while (index < length) {
        const next = table[text.charCodeAt(index)];
        if (next < 0) break;
        hash = Math.imul(hash ^ next, FNV_PRIME);
        index++;
      }
      token = fmix32(hash);
      hashes[count] = token;
      starts[count] = start;
      ends[count] = index;
      count++;
    } else if (value === SPACE_VALUE) {
      // Whitespace before the first token does not count: the normalized form is trimmed.
      if (started) spaced = SPACE_BEFORE;
      index++;
      continue;
    } else if (value === IDEOGRAPH_VALUE) {
      token = fmix32(Math.imul(FNV_OFFSET ^ code, FNV_PRIME));
      hashes[count] = token;
      starts[count] = index;
      ends[count] = index + 1;
      count++;
      index++;
    } else {
      token = Math.imul(code + 1, PUNCTUATION_TAG);
      index++;
    }
    // Every token (word, ideograph, punctuation) enters both lanes of the normalized-text key.
    token ^= spaced;
    keyLow = Math.imul(keyLow ^ token, LANE_PRIME_LOW);
    keyLow = (keyLow << 13) | (keyLow >>> 19);
    keyHigh = Math.imul(keyHigh ^ token, LANE_PRIME_HIGH);
    keyHigh = (keyHigh << 17) | (keyHigh >>> 15);
    spaced = 0;
    started = true;
  }
  buffer.count = count;
  buffer.keyLow = fmix32(keyLow);
  buffer.keyHigh = fmix32(keyHigh ^ Math.imul(count - first, FNV_PRIME));
  return count - first;
}

/** The words of one text, one-shot form of {@link appendWords}. */
export interface Words {
  /** Hash of each word. */
  hashes: Uint32Array;
  /** Offset of each word's first code unit. */
  starts: Uint32Array;
  /** Offset just past each word's last code unit. */
  ends: Uint32Array;
  /** Low 32 bits of the normalized-text hash. */
  keyLow: number;
  /** High 32 bits of the normalized-text hash. */
  keyHigh: number;
}

/** Tokenizes one text into a fresh {@link Words} (allocates; use {@link appendWords} in loops). */
export function tokenizeWords(text: string): Words {
  const buffer = createWordBuffer((text.length >>> 1) + 1);
  appendWords(buffer, text);
  return {
    hashes: buffer.hashes.slice(0, buffer.count),
    starts: buffer.starts.slice(0, buffer.count),
    ends: buffer.ends.slice(0, buffer.count),
    keyLow: buffer.keyLow,
    keyHigh: buffer.keyHigh,
  };
}

/** The lowercase form of a UTF-16 code unit, as the tokenizer folds it. */
export function foldCode(code: number): number {
  if (lowerTable === null) buildTables();
  return (lowerTable as Uint16Array)[code];
}

/** True when the tokenizer treats a UTF-16 code unit as whitespace. */
export function isSpaceCode(code: number): boolean {
  if (classTable === null) buildTables();
  return (classTable as Uint8Array)[code] === SPACE;
}

/** The hash of one word as {@link appendWords} computes it (for tests and for building keys by hand). */
export function hashWord(word: string): number {
  if (classTable === null) buildTables();
  const lower = lowerTable as Uint16Array;
  let hash = FNV_OFFSET;
  for (let index = 0; index < word.length; index++) hash = Math.imul(hash ^ lower[word.charCodeAt(index)], FNV_PRIME);
  return fmix32(hash);
}
