/**
 * The n-gram half of the Gopher repetition statistics (docs/filters.md, "repetition"; docs/scale.md,
 * "Measuring at the speed of reading"), over the exact word ids of `gopher-words.ts`:
 * - for n = 2, 3, 4, the characters of the most frequent n-gram (joined with spaces) times its count;
 *   on a tie the n-gram that occurs first (Python's `Counter.most_common(1)`, as DataTrove does);
 * - for n = 5 ... 10, the characters (joined without spaces) of the n-grams that repeat an earlier
 *   one, scanning left to right and jumping past each repeat.
 *
 * Exact, with no hash deciding anything: the n-gram at position p gets an id from the pair
 * (id of the (n-1)-gram at p, id of word p + n - 1), interned in an open-addressing table that
 * compares both integers, so two n-grams share an id exactly when their words are equal.
 *
 * The repeat sieve: the (n+1)-gram at p holds the n-grams at p and at p + 1, so it can repeat only
 * where both of them repeat (a 2-gram only where both its words do), and an n-gram that occurs once
 * can neither repeat nor be repeated (skipping it changes no count, no top and no duplicate scan).
 * So each pass reads only the positions the previous one marked, a list that in prose shrinks fast
 * (most 3- and 4-grams are unique), and when it empties every longer n-gram is unique: the duplicate
 * shares are 0 and the most frequent n-gram is the first.
 */
import { KEEP_LIMIT, type WordIds } from './gopher-words';

/** Longest n-gram the rules use (Table A1: duplicate 10-grams). */
export const LONGEST = 10;
/** Longest n whose most frequent n-gram is measured; the duplicate shares start past it. */
const LONGEST_TOP = 4;

/** The positions still read, and at each the id of its n-gram (one pass behind until updated). */
let positions = new Int32Array(1024);
let grams = new Int32Array(1024);
/**
 * By position: `mark + n` once the n-gram starting there is known to repeat. `mark` moves on by 16
 * each call, so older marks never match; when it wraps, the marks are cleared.
 */
let repeats = new Uint8Array(1024);
let mark = 0;
/** Positions marked since the marks were last cleared. */
let marked = 0;
/** The pair table: slots hold id + 1 (0: empty); by id, the pair's two ids, its count, whether the duplicate scan saw it. */
let slots = new Int32Array(512);
let prefixes = new Int32Array(256);
let lasts = new Int32Array(256);
let counts = new Int32Array(256);
/** Cleared as each id is made, so a pass starts with none seen. */
let seen = new Uint8Array(256);
let mask = 0;
let capacity = 0;
let pairs = 0;

/** The slot of a pair in a table of `mask + 1` slots. */
function home(prefix: number, last: number, tableMask: number): number {
  let hash = Math.imul(prefix, 0x9e3779b1) ^ last;
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  return (hash ^ (hash >>> 13)) & tableMask;
}

/**
 * Listed positions from which a pass first counts its pairs' hashes in buckets (see {@link prefilter}),
 * so the pair table of a huge text holds only the n-grams that may repeat.
 */
export const PREFILTER_FROM = 1 << 20;
/** Per bucket: how many listed pairs hash there, up to 2. */
let buckets = new Uint8Array(0);

/** Pairs a table starts with room for at most (it grows past that with the distinct pairs it meets). */
const START_PAIRS = 1 << 15;

/** Empties the pair table, sized for `expected` pairs (no more than {@link START_PAIRS}). */
function resetPairs(expected: number): void {
  capacity = 64;
  while (capacity < 2 * Math.min(expected, START_PAIRS)) capacity *= 2;
  mask = capacity - 1;
  if (slots.length < capacity) slots = new Int32Array(capacity);
  else slots.fill(0, 0, capacity);
  pairs = 0;
}

/** Doubles the table's slots, placing every pair again. */
function growSlots(): void {
  capacity *= 2;
  mask = capacity - 1;
  if (slots.length < capacity) slots = new Int32Array(capacity);
  else slots.fill(0, 0, capacity);
  for (let id = 0; id < pairs; id++) {
    let slot = home(prefixes[id], lasts[id], mask);
    while (slots[slot] !== 0) slot = (slot + 1) & mask;
    slots[slot] = id + 1;
  }
}

/** Room for `size` pairs by id. */
function growPairs(size: number): void {
  const grow = (array: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> => {
    const copy = new Int32Array(size);
    copy.set(array);
    return copy;
  };
  prefixes = grow(prefixes);
  lasts = grow(lasts);
  counts = grow(counts);
  const flags = new Uint8Array(size);
  flags.set(seen);
  seen = flags;
}

/** Adds one occurrence of the pair (prefix, last); returns its id. */
function addPair(prefix: number, last: number): number {
  let slot = home(prefix, last, mask);
  for (;;) {
    const entry = slots[slot];
    if (entry === 0) break;
    const id = entry - 1;
    if (prefixes[id] === prefix && lasts[id] === last) {
      counts[id]++;
      return id;
    }
    slot = (slot + 1) & mask;
  }
  const id = pairs++;
  if (id === prefixes.length) growPairs(id * 2);
  prefixes[id] = prefix;
  lasts[id] = last;
  counts[id] = 1;
  seen[id] = 0;
  slots[slot] = id + 1;
  if (pairs * 2 > capacity) growSlots();
  return id;
}

/**
 * Keeps the listed positions whose n-gram may repeat: it repeats only if another listed position
 * has the same pair, hence the same hash, so a position alone in its bucket of 4 per position holds
 * a unique n-gram and is dropped (exact: a kept one is still interned and compared). Returns how
 * many are kept. For huge texts, where most of a pass's n-grams are unique and the table of them
 * would be the pass's largest structure (docs/scale.md, "One huge record").
 */
function prefilter(ids: Int32Array, listed: number, offset: number): number {
  let size = 1 << 16;
  while (size < listed * 4) size *= 2;
  if (buckets.length < size) buckets = new Uint8Array(size);
  else buckets.fill(0, 0, size);
  const bucketMask = size - 1;
  for (let at = 0; at < listed; at++) {
    const bucket = home(grams[at], ids[positions[at] + offset], bucketMask);
    if (buckets[bucket] < 2) buckets[bucket]++;
  }
  let kept = 0;
  for (let at = 0; at < listed; at++) {
    if (buckets[home(grams[at], ids[positions[at] + offset], bucketMask)] === 2) {
      positions[kept] = positions[at];
      grams[kept] = grams[at];
      kept++;
    }
  }
  return kept;
}

/** Characters of the `n` words at `start`, without spaces. */
function charactersAt(words: WordIds, start: number, n: number): number {
  let characters = 0;
  for (let at = start; at < start + n; at++) characters += words.lengths[words.ids[at]];
  return characters;
}

/**
 * Fills `out[n]` for n = 2 ... 10: for n <= 4 the characters of the most frequent n-gram (with its
 * n - 1 spaces) times its count, past that the characters of repeated n-grams (0 when the text has
 * fewer than n words). A pass over `prefilterFrom` positions or more is prefiltered (tests lower it).
 */
export function ngramCharacters(words: WordIds, out: Float64Array, prefilterFrom = PREFILTER_FROM): void {
  out.fill(0);
  const count = words.count;
  const ids = words.ids;
  if (count < 2) return;
  if (positions.length < count) {
    positions = new Int32Array(count);
    grams = new Int32Array(count);
    repeats = new Uint8Array(count);
    marked = 0;
  }
  mark += 16;
  if (mark + LONGEST > 255) {
    repeats.fill(0, 0, marked);
    mark = 16;
    marked = 0;
  }
  marked = Math.max(marked, count);
  // The sieve's first step: a 2-gram can repeat only where both its words do.
  const wordCounts = words.counts;
  let listed = 0;
  for (let at = 0; at + 1 < count; at++) {
    if (wordCounts[ids[at]] > 1 && wordCounts[ids[at + 1]] > 1) {
      positions[listed] = at;
      grams[listed] = ids[at];
      listed++;
    }
  }
  for (let n = 2; n <= LONGEST && count >= n; n++) {
    const offset = n - 1;
    if (listed >= prefilterFrom) listed = prefilter(ids, listed, offset);
    if (listed === 0) {
      // No n-gram repeats: the first one is the most frequent, once.
      if (n <= LONGEST_TOP) out[n] = charactersAt(words, 0, n) + n - 1;
      continue;
    }
    resetPairs(listed);
    if (n <= LONGEST_TOP) {
      for (let at = 0; at < listed; at++) grams[at] = addPair(grams[at], ids[positions[at] + offset]);
      out[n] = topCharacters(words, listed, n);
    } else {
      let duplicate = 0;
      let next = 0;
      for (let at = 0; at < listed; at++) {
        const start = positions[at];
        const id = addPair(grams[at], ids[start + offset]);
        grams[at] = id;
        if (start < next) continue;
        if (seen[id] === 1) {
          duplicate += charactersAt(words, start, n);
          next = start + n;
        } else seen[id] = 1;
      }
      out[n] = duplicate;
    }
    // The sieve: the (n+1)-gram at p holds the n-grams at p and p + 1, so it can repeat only where
    // both of them repeat.
    const level = mark + n;
    for (let at = 0; at < listed; at++) if (counts[grams[at]] > 1) repeats[positions[at]] = level;
    let kept = 0;
    for (let at = 0; at < listed; at++) {
      const start = positions[at];
      if (repeats[start] === level && start + n < count && repeats[start + 1] === level) {
        positions[kept] = start;
        grams[kept] = grams[at];
        kept++;
      }
    }
    listed = kept;
  }
}

/** The characters of the most frequent n-gram among the listed positions (with spaces) times its count. */
function topCharacters(words: WordIds, listed: number, n: number): number {
  // Ids are given in order of first occurrence, so the first id of the highest count is the one
  // Counter.most_common(1) returns.
  let best = 0;
  for (let id = 1; id < pairs; id++) if (counts[id] > counts[best]) best = id;
  if (counts[best] <= 1) return charactersAt(words, 0, n) + n - 1;
  let at = 0;
  while (grams[at] !== best) at++;
  return (charactersAt(words, positions[at], n) + n - 1) * counts[best];
}

/** Lets go of what a huge text grew. */
export function releaseNgrams(): void {
  if (positions.length > KEEP_LIMIT) {
    positions = new Int32Array(1024);
    grams = new Int32Array(1024);
    repeats = new Uint8Array(1024);
    marked = 0;
  }
  if (slots.length > KEEP_LIMIT) slots = new Int32Array(512);
  if (prefixes.length > KEEP_LIMIT) {
    prefixes = new Int32Array(256);
    lasts = new Int32Array(256);
    counts = new Int32Array(256);
    seen = new Uint8Array(256);
  }
  if (buckets.length > KEEP_LIMIT) buckets = new Uint8Array(0);
}
