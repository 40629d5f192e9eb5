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
 * Words are whitespace-separated tokens, compared exactly (as strings would be).
 *
 * Fast form (docs/scale.md, "Measuring at the speed of reading"): one walk over the text's code
 * units gives each word an exact id (`gopher-words.ts`: hashed, and confirmed code unit by code unit
 * when two hashes meet; no split, no substring), and the n-gram passes intern pairs of ids
 * (`gopher-ngrams.ts`), reading at each n only the positions where the shorter n-gram repeats. Lines
 * and paragraphs are found with `indexOf`, hashed, and compared character by character only when two
 * hashes meet. So every count is exact: no hash collision can change a statistic.
 */
import { jsSpaceTable } from '../text/js-space';
import { LONGEST, ngramCharacters, releaseNgrams } from './gopher-ngrams';
import { KEEP_LIMIT, releaseWordIds, scanWordIds } from './gopher-words';
import { NgramTable } from './ngram-table';
import { REPETITION_STATISTICS } from './scores';

/** Gopher's repetition statistics of one text, each a share between 0 and 1. */
export type RepetitionStatistics = Record<(typeof REPETITION_STATISTICS)[number], number>;

/** The names of {@link RepetitionStatistics}, in Table A1's order (declared with the filters' scores). */
export { REPETITION_STATISTICS };

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

/** Whether `text[first, first + length)` equals `text[second, second + length)`. */
function sameRange(text: string, first: number, second: number, length: number): boolean {
  for (let offset = 0; offset < length; offset++) if (text.charCodeAt(first + offset) !== text.charCodeAt(second + offset)) return false;
  return true;
}

/** Elements of a text (lines or paragraphs) found so far, to count repeats; reused between calls. */
let elements = new NgramTable();

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

/** The n-gram characters of the last text, by n (see {@link ngramCharacters}). */
const characters = new Float64Array(LONGEST + 1);

/**
 * Gopher's repetition statistics of a text (all 0 for empty text), or null when it has fewer than
 * `minWords` words (Gopher removed documents under 50 words; the caller skips such turns).
 */
export function repetitionStatistics(text: string): RepetitionStatistics;
export function repetitionStatistics(text: string, minWords: number): RepetitionStatistics | null;
export function repetitionStatistics(text: string, minWords = 0): RepetitionStatistics | null {
  // A text of n code units holds at most (n + 1) / 2 words.
  if ((text.length + 1) / 2 < minWords) return null;
  // Most short turns fall under the minimum: counting their words is cheaper than giving them ids.
  if (text.length < minWords * 6 && countWords(text) < minWords) return null;
  const words = scanWordIds(text);
  const count = words.count;
  if (count < minWords) {
    if (count > KEEP_LIMIT) releaseWordIds();
    return null;
  }
  ngramCharacters(words, characters);
  if (count > KEEP_LIMIT) {
    releaseWordIds();
    releaseNgrams();
  }
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
  if (lineCount > KEEP_LIMIT) {
    // What a text of many lines grew is not kept for the next one (docs/scale.md, "One huge record").
    elements = new NgramTable();
    elementStarts = new Int32Array(256);
    elementEnds = new Int32Array(256);
  }
  return {
    duplicateLineShare: lines.count / lineCount,
    duplicateLineCharShare: lines.characters / total,
    duplicateParagraphShare: paragraphs.count / paragraphCount,
    duplicateParagraphCharShare: paragraphs.characters / total,
    top2GramShare: Math.min(1, characters[2] / total),
    top3GramShare: Math.min(1, characters[3] / total),
    top4GramShare: Math.min(1, characters[4] / total),
    duplicate5GramShare: characters[5] / total,
    duplicate6GramShare: characters[6] / total,
    duplicate7GramShare: characters[7] / total,
    duplicate8GramShare: characters[8] / total,
    duplicate9GramShare: characters[9] / total,
    duplicate10GramShare: characters[10] / total,
  };
}
