/**
 * The first implementation of the Gopher repetition statistics (string splits, a Set of lines,
 * every n-gram pass run), kept as the oracle the fast scanner in shared/filters/gopher-repetition.ts
 * is compared with, statistic by statistic, on the real data and on random text.
 *
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
 */
import { NgramTable } from '../../../../shared/filters/ngram-table';

/** Gopher's repetition statistics of one text, each a share between 0 and 1. */
export interface RepetitionStatistics {
  duplicateLineShare: number;
  duplicateLineCharShare: number;
  duplicateParagraphShare: number;
  duplicateParagraphCharShare: number;
  top2GramShare: number;
  top3GramShare: number;
  top4GramShare: number;
  duplicate5GramShare: number;
  duplicate6GramShare: number;
  duplicate7GramShare: number;
  duplicate8GramShare: number;
  duplicate9GramShare: number;
  duplicate10GramShare: number;
}

/** How many elements repeat an earlier one, and how many characters those repeats hold. */
function duplicates(elements: readonly string[]): { count: number; characters: number } {
  const seen = new Set<string>();
  let count = 0;
  let characters = 0;
  for (const element of elements) {
    if (seen.has(element)) {
      count++;
      characters += element.length;
    } else {
      seen.add(element);
    }
  }
  return { count, characters };
}

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
 * Prefix hashes of a word sequence, so the key of any n-gram is two subtractions: with
 * P[i+1] = P[i]·B + h(word i) (mod 2^32), the n-gram at i hashes to P[i+n] − P[i]·B^n.
 */
interface PrefixHashes {
  low: Uint32Array;
  high: Uint32Array;
}

/** Prefix hashes of the words, each word hashed with FNV-1a on two lanes. */
function prefixHashes(words: readonly string[]): PrefixHashes {
  const low = new Uint32Array(words.length + 1);
  const high = new Uint32Array(words.length + 1);
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    let a = 0x811c9dc5;
    let b = 0x9e3779b9;
    for (let at = 0; at < word.length; at++) {
      const code = word.charCodeAt(at);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x85ebca6b);
    }
    low[index + 1] = (Math.imul(low[index], LANE_LOW) + (a >>> 0)) >>> 0;
    high[index + 1] = (Math.imul(high[index], LANE_HIGH) + ((b ^ (b >>> 15)) >>> 0)) >>> 0;
  }
  return { low, high };
}

const table = new NgramTable();

/**
 * Characters of the most frequent n-gram (joined with spaces) times its count; on a tie, the
 * n-gram that occurs first (Python's `Counter.most_common(1)`, which DataTrove uses).
 */
function topNgramCharacters(count: number, lengths: Int32Array, hashes: PrefixHashes, n: number): number {
  if (count < n) return 0;
  table.reset(count);
  const powerLow = powersLow[n];
  const powerHigh = powersHigh[n];
  for (let start = 0; start + n <= count; start++) {
    const low = (hashes.low[start + n] - Math.imul(hashes.low[start], powerLow)) >>> 0;
    const high = (hashes.high[start + n] - Math.imul(hashes.high[start], powerHigh)) >>> 0;
    table.add(low, high, start);
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
  return (lengths[bestStart + n] - lengths[bestStart] + n - 1) * bestCount;
}

/** Characters (words joined without spaces) of n-grams that repeat an earlier one, jumping past each repeat. */
function duplicateNgramCharacters(count: number, lengths: Int32Array, hashes: PrefixHashes, n: number): number {
  if (count < n) return 0;
  table.reset(count);
  const powerLow = powersLow[n];
  const powerHigh = powersHigh[n];
  let characters = 0;
  let start = 0;
  while (start + n <= count) {
    const low = (hashes.low[start + n] - Math.imul(hashes.low[start], powerLow)) >>> 0;
    const high = (hashes.high[start + n] - Math.imul(hashes.high[start], powerHigh)) >>> 0;
    const slot = table.add(low, high, start);
    if (table.counts[slot] > 1) {
      characters += lengths[start + n] - lengths[start];
      start += n;
    } else {
      start++;
    }
  }
  return characters;
}

/** Whitespace-separated words of a text. */
export function referenceWords(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Gopher's repetition statistics of a text (all 0 for empty text). */
export function referenceStatistics(text: string, words: readonly string[] = referenceWords(text)): RepetitionStatistics {
  const total = Math.max(text.length, 1);
  const paragraphs = text.trim().split(/\n{2,}/);
  const lines = text.split(/\n+/);
  const paragraphDuplicates = duplicates(paragraphs);
  const lineDuplicates = duplicates(lines);
  // lengths[i] = characters of the first i words, so an n-gram's characters are one subtraction.
  const lengths = new Int32Array(words.length + 1);
  for (let index = 0; index < words.length; index++) lengths[index + 1] = lengths[index] + words[index].length;
  const hashes = prefixHashes(words);
  const count = words.length;
  return {
    duplicateLineShare: lineDuplicates.count / lines.length,
    duplicateLineCharShare: lineDuplicates.characters / total,
    duplicateParagraphShare: paragraphDuplicates.count / paragraphs.length,
    duplicateParagraphCharShare: paragraphDuplicates.characters / total,
    top2GramShare: Math.min(1, topNgramCharacters(count, lengths, hashes, 2) / total),
    top3GramShare: Math.min(1, topNgramCharacters(count, lengths, hashes, 3) / total),
    top4GramShare: Math.min(1, topNgramCharacters(count, lengths, hashes, 4) / total),
    duplicate5GramShare: duplicateNgramCharacters(count, lengths, hashes, 5) / total,
    duplicate6GramShare: duplicateNgramCharacters(count, lengths, hashes, 6) / total,
    duplicate7GramShare: duplicateNgramCharacters(count, lengths, hashes, 7) / total,
    duplicate8GramShare: duplicateNgramCharacters(count, lengths, hashes, 8) / total,
    duplicate9GramShare: duplicateNgramCharacters(count, lengths, hashes, 9) / total,
    duplicate10GramShare: duplicateNgramCharacters(count, lengths, hashes, 10) / total,
  };
}
