/**
 * The repetition statistics of the Gopher quality rules (Rae et al. 2021, "Scaling Language
 * Models: Methods, Analysis & Insights from Training Gopher", Appendix A.1.1 and Table A1), computed
 * as DataTrove's `GopherRepetitionFilter` does:
 * - paragraphs (split on 2+ newlines) and lines (split on newlines): the share of elements that
 *   repeat an earlier one, and the share of characters in them;
 * - for n = 2, 3, 4: the characters covered by the most frequent n-gram (its length times its
 *   count), over the text's characters (overlapping occurrences count, as in DataTrove, so
 *   "word word word ..." passes 1: the share is capped at 1);
 * - for n = 5 ... 10: the characters of n-grams that repeat an earlier one (scanning left to right
 *   and jumping past each repeat), over the text's characters.
 * Words are whitespace-separated tokens. n-grams are compared by a 64-bit polynomial hash (two
 * 32-bit lanes) of their words' hashes: a collision needs two different n-grams of one turn to
 * share 64 bits.
 *
 * Fast form (docs/scale.md, "Measuring at the speed of reading"): one walk over the text's code units finds the
 * words (their lengths and hashes, straight into typed arrays: no split, no substring), the lines
 * and the paragraphs (hashed, and compared character by character only when two hashes meet, so
 * the duplicate counts are exact). Two facts skip most n-gram passes: when no 5-gram repeats, no
 * longer one does (a repeated 6-gram holds a repeated 5-gram), so the 6- to 10-gram shares are 0;
 * when no 2-gram repeats, no 3- or 4-gram does, and the most frequent one is the first. And each
 * pass past the 2-grams reads only the positions where the previous pass found a repeat.
 */
import { jsSpaceTable } from '../text/js-space';
import { NgramTable } from './ngram-table';
import { REPETITION_STATISTICS } from './scores';

/** Gopher's repetition statistics of one text, each a share between 0 and 1. */
export type RepetitionStatistics = Record<(typeof REPETITION_STATISTICS)[number], number>;

/** The names of {@link RepetitionStatistics}, in Table A1's order (declared with the filters' scores). */
export { REPETITION_STATISTICS };

/** Multipliers of the two lanes of the polynomial n-gram hash. */
const LANE_LOW = 0x01000193;
const LANE_HIGH = 0x5bd1e995;
/** Longest n-gram the rules use (Table A1: duplicate 10-grams). */
const LONGEST = 10;

/** LANE^n mod 2^32 for n = 0 ... LONGEST, per lane. */
const powersLow = new Uint32Array(LONGEST + 1);
const powersHigh = new Uint32Array(LONGEST + 1);
powersLow[0] = 1;
powersHigh[0] = 1;
for (let n = 1; n <= LONGEST; n++) {
  powersLow[n] = Math.imul(powersLow[n - 1], LANE_LOW) >>> 0;
  powersHigh[n] = Math.imul(powersHigh[n - 1], LANE_HIGH) >>> 0;
}

/**
 * The words of the last text scanned, reused between calls: `lengths[i]` is the characters of the
 * first i words, and `low`/`high` the prefix hashes (P[i+1] = P[i]·B + h(word i) mod 2^32, so the key
 * of the n-gram at i is P[i+n] − P[i]·B^n).
 */
let lengths = new Int32Array(1024);
let low = new Uint32Array(1024);
let high = new Uint32Array(1024);

/** Grows the word arrays to hold `words + 1` entries. */
function ensureWords(words: number): void {
  if (words + 1 <= lengths.length) return;
  let size = lengths.length;
  while (size < words + 1) size *= 2;
  lengths = new Int32Array(size);
  low = new Uint32Array(size);
  high = new Uint32Array(size);
}

/**
 * Finds the whitespace-separated words of `text` into the word arrays; returns their number. Each
 * word is hashed with FNV-1a on two lanes, code unit by code unit.
 */
function scanWords(text: string): number {
  const space = jsSpaceTable();
  // A text of n code units holds at most n/2 + 1 words.
  ensureWords((text.length >>> 1) + 1);
  let count = 0;
  let inWord = false;
  let a = 0;
  let b = 0;
  let characters = 0;
  lengths[0] = 0;
  low[0] = 0;
  high[0] = 0;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : 32;
    if (space[code] === 1) {
      if (inWord) {
        lengths[count + 1] = lengths[count] + characters;
        low[count + 1] = (Math.imul(low[count], LANE_LOW) + (a >>> 0)) >>> 0;
        high[count + 1] = (Math.imul(high[count], LANE_HIGH) + ((b ^ (b >>> 15)) >>> 0)) >>> 0;
        count++;
        inWord = false;
      }
      continue;
    }
    if (!inWord) {
      inWord = true;
      a = 0x811c9dc5;
      b = 0x9e3779b9;
      characters = 0;
    }
    a = Math.imul(a ^ code, 0x01000193);
    b = Math.imul(b ^ code, 0x85ebca6b);
    characters++;
  }
  return count;
}

/** The number of whitespace-separated words of a text (what `text.split(/\s+/)` keeps, without building them). */
export function countWords(text: string): number {
  const space = jsSpaceTable();
  let count = 0;
  let inWord = false;
  for (let index = 0; index < text.length; index++) {
    const isSpace = space[text.charCodeAt(index)] === 1;
    if (!isSpace && !inWord) count++;
    inWord = !isSpace;
  }
  return count;
}

/** Whitespace-separated words of a text. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

const table = new NgramTable();

/**
 * Per word position, after an n-gram pass: 1 when the n-gram starting there occurs more than once in
 * the text. An (n+1)-gram can repeat only where its leading n-gram does, so the next pass looks at
 * those positions alone (in prose most 3- and 4-grams are unique); skipping a unique one changes no
 * count, since it could neither repeat nor be repeated. `slots` holds each visited position's slot.
 */
let repeatedAt = new Uint8Array(1024);
let slots = new Int32Array(1024);

/**
 * Characters of the most frequent n-gram (joined with spaces) times its count; on a tie, the
 * n-gram that occurs first (Python's `Counter.most_common(1)`, which DataTrove uses). Also returns
 * that count, so the caller knows whether any n-gram repeats. With `onlyRepeated`, reads only the
 * positions {@link repeatedAt} marks (from the (n-1)-gram pass); either way it marks them for n.
 */
function topNgram(count: number, n: number, onlyRepeated: boolean): { characters: number; occurrences: number } {
  if (count < n) return { characters: 0, occurrences: 0 };
  if (slots.length < count) {
    slots = new Int32Array(lengths.length);
    repeatedAt = new Uint8Array(lengths.length);
  }
  table.reset(count);
  const powerLow = powersLow[n];
  const powerHigh = powersHigh[n];
  const last = count - n;
  for (let start = 0; start <= last; start++) {
    if (onlyRepeated && repeatedAt[start] === 0) {
      slots[start] = -1;
      continue;
    }
    const keyLow = (low[start + n] - Math.imul(low[start], powerLow)) >>> 0;
    const keyHigh = (high[start + n] - Math.imul(high[start], powerHigh)) >>> 0;
    slots[start] = table.add(keyLow, keyHigh, start);
  }
  let bestCount = 0;
  let bestStart = 0;
  for (let at = 0; at < table.size; at++) {
    const slot = table.order[at];
    if (table.counts[slot] > bestCount) {
      bestCount = table.counts[slot];
      bestStart = table.firsts[slot];
    }
  }
  // No n-gram repeats (or none was read): every count is 1, and the first n-gram is the most frequent.
  if (bestCount <= 1) {
    bestCount = 1;
    bestStart = 0;
  }
  for (let start = 0; start <= last; start++) repeatedAt[start] = slots[start] >= 0 && table.counts[slots[start]] > 1 ? 1 : 0;
  for (let start = last + 1; start < count; start++) repeatedAt[start] = 0;
  return { characters: (lengths[bestStart + n] - lengths[bestStart] + n - 1) * bestCount, occurrences: bestCount };
}

/**
 * Characters (words joined without spaces) of n-grams that repeat an earlier one, jumping past each
 * repeat. Reads only the positions whose 4-gram repeats ({@link repeatedAt} after the 4-gram pass):
 * elsewhere the n-gram (n >= 5) is unique, so it is neither a repeat nor the original of one.
 */
function duplicateNgramCharacters(count: number, n: number): number {
  if (count < n) return 0;
  table.reset(count);
  const powerLow = powersLow[n];
  const powerHigh = powersHigh[n];
  let characters = 0;
  let start = 0;
  while (start + n <= count) {
    if (repeatedAt[start] === 0) {
      start++;
      continue;
    }
    const keyLow = (low[start + n] - Math.imul(low[start], powerLow)) >>> 0;
    const keyHigh = (high[start + n] - Math.imul(high[start], powerHigh)) >>> 0;
    const slot = table.add(keyLow, keyHigh, start);
    if (table.counts[slot] > 1) {
      characters += lengths[start + n] - lengths[start];
      start += n;
    } else {
      start++;
    }
  }
  return characters;
}

/** Whether `text[first, first + length)` equals `text[second, second + length)`. */
function sameRange(text: string, first: number, second: number, length: number): boolean {
  for (let offset = 0; offset < length; offset++) if (text.charCodeAt(first + offset) !== text.charCodeAt(second + offset)) return false;
  return true;
}

/** Elements of a text (lines or paragraphs) found so far, to count repeats; reused between calls. */
const elements = new NgramTable();

/**
 * How many of the elements `text[starts[k], ends[k])` repeat an earlier one, and how many characters
 * those repeats hold (as a Set of the element strings would count them: each hash hit is checked
 * character by character).
 */
function duplicateElements(text: string, starts: Int32Array, ends: Int32Array, count: number): { count: number; characters: number } {
  // One element repeats none: its text need not be hashed (a one-paragraph turn, a one-line turn).
  if (count < 2) return { count: 0, characters: 0 };
  elements.reset(count);
  let repeats = 0;
  let characters = 0;
  for (let element = 0; element < count; element++) {
    const start = starts[element];
    const length = ends[element] - start;
    let a = 0x811c9dc5;
    let b = length;
    for (let index = start; index < start + length; index++) {
      const code = text.charCodeAt(index);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x85ebca6b);
    }
    // Elements with equal hashes but different text take further slots under a perturbed key.
    let keyLow = a >>> 0;
    const keyHigh = (b ^ (b >>> 15)) >>> 0;
    let repeated = false;
    for (;;) {
      const slot = elements.find(keyLow, keyHigh);
      if (slot === -1) {
        elements.add(keyLow, keyHigh, element);
        break;
      }
      const first = elements.firsts[slot];
      if (ends[first] - starts[first] === length && sameRange(text, starts[first], start, length)) {
        repeated = true;
        break;
      }
      keyLow = (keyLow + 0x9e3779b9) >>> 0;
    }
    if (repeated) {
      repeats++;
      characters += length;
    }
  }
  return { count: repeats, characters };
}

/** Element boundaries, reused between calls. */
let elementStarts = new Int32Array(256);
let elementEnds = new Int32Array(256);

function pushElement(count: number, start: number, end: number): number {
  if (count === elementStarts.length) {
    const starts = new Int32Array(count * 2);
    starts.set(elementStarts);
    const ends = new Int32Array(count * 2);
    ends.set(elementEnds);
    elementStarts = starts;
    elementEnds = ends;
  }
  elementStarts[count] = start;
  elementEnds[count] = end;
  return count + 1;
}

/** The elements of `text[from, to)` split on runs of at least `minimum` newlines (`split(/\n+/)`, `split(/\n{2,}/)`). */
function splitOnNewlines(text: string, from: number, to: number, minimum: number): number {
  let count = 0;
  let start = from;
  let index = from;
  while (index < to) {
    // The engine's own search finds the next newline faster than a loop over the code units.
    index = text.indexOf('\n', index);
    if (index < 0 || index >= to) break;
    let run = index;
    while (run < to && text.charCodeAt(run) === 10) run++;
    if (run - index >= minimum) {
      count = pushElement(count, start, index);
      start = run;
    }
    index = run;
  }
  return pushElement(count, start, to);
}

/**
 * Gopher's repetition statistics of a text (all 0 for empty text), or null when it has fewer than
 * `minWords` words (Gopher removed documents under 50 words; the caller skips such turns).
 */
export function repetitionStatistics(text: string): RepetitionStatistics;
export function repetitionStatistics(text: string, minWords: number): RepetitionStatistics | null;
export function repetitionStatistics(text: string, minWords = 0): RepetitionStatistics | null {
  const count = scanWords(text);
  if (count < minWords) return null;
  const total = Math.max(text.length, 1);
  const space = jsSpaceTable();
  const lineCount = splitOnNewlines(text, 0, text.length, 1);
  const lines = duplicateElements(text, elementStarts, elementEnds, lineCount);
  let first = 0;
  let last = text.length;
  while (first < last && space[text.charCodeAt(first)] === 1) first++;
  while (last > first && space[text.charCodeAt(last - 1)] === 1) last--;
  const paragraphCount = splitOnNewlines(text, first, last, 2);
  const paragraphs = duplicateElements(text, elementStarts, elementEnds, paragraphCount);
  const top2 = topNgram(count, 2, false);
  const duplicates = new Float64Array(LONGEST + 1);
  let top3: number;
  let top4: number;
  if (top2.occurrences > 1) {
    top3 = topNgram(count, 3, true).characters;
    top4 = topNgram(count, 4, true).characters;
    for (let n = 5; n <= LONGEST; n++) {
      duplicates[n] = duplicateNgramCharacters(count, n);
      // No repeated n-gram: no longer one repeats either.
      if (duplicates[n] === 0) break;
    }
  } else {
    // No repeated 2-gram: no longer n-gram repeats, and the most frequent is the first.
    top3 = count < 3 ? 0 : lengths[3] + 2;
    top4 = count < 4 ? 0 : lengths[4] + 3;
  }
  return {
    duplicateLineShare: lines.count / lineCount,
    duplicateLineCharShare: lines.characters / total,
    duplicateParagraphShare: paragraphs.count / paragraphCount,
    duplicateParagraphCharShare: paragraphs.characters / total,
    top2GramShare: Math.min(1, top2.characters / total),
    top3GramShare: Math.min(1, top3 / total),
    top4GramShare: Math.min(1, top4 / total),
    duplicate5GramShare: duplicates[5] / total,
    duplicate6GramShare: duplicates[6] / total,
    duplicate7GramShare: duplicates[7] / total,
    duplicate8GramShare: duplicates[8] / total,
    duplicate9GramShare: duplicates[9] / total,
    duplicate10GramShare: duplicates[10] / total,
  };
}
