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
 * Words are whitespace-separated tokens. n-grams are compared by a 53-bit hash of their words'
 * hashes: a collision needs two different n-grams in one turn to share 53 bits.
 */

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

/** The names of {@link RepetitionStatistics}, in Table A1's order. */
export const REPETITION_STATISTICS = [
  'duplicateLineShare',
  'duplicateParagraphShare',
  'duplicateLineCharShare',
  'duplicateParagraphCharShare',
  'top2GramShare',
  'top3GramShare',
  'top4GramShare',
  'duplicate5GramShare',
  'duplicate6GramShare',
  'duplicate7GramShare',
  'duplicate8GramShare',
  'duplicate9GramShare',
  'duplicate10GramShare',
] as const satisfies readonly (keyof RepetitionStatistics)[];

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

/** Two 32-bit FNV-1a lanes of a word (different offsets), for the n-gram keys. */
function wordHashes(words: readonly string[]): { low: Uint32Array; high: Uint32Array } {
  const low = new Uint32Array(words.length);
  const high = new Uint32Array(words.length);
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    let a = 0x811c9dc5;
    let b = 0x01000193 ^ 0x9e3779b9;
    for (let at = 0; at < word.length; at++) {
      const code = word.charCodeAt(at);
      a = Math.imul(a ^ code, 0x01000193);
      b = Math.imul(b ^ code, 0x5bd1e995);
    }
    low[index] = a >>> 0;
    high[index] = b >>> 0;
  }
  return { low, high };
}

/** A 53-bit key of the n-gram starting at `start`. */
function ngramKey(hashes: { low: Uint32Array; high: Uint32Array }, start: number, n: number): number {
  let a = 0;
  let b = 0;
  for (let index = start; index < start + n; index++) {
    a = (Math.imul(a, 0x01000193) + hashes.low[index]) >>> 0;
    b = (Math.imul(b, 0xcc9e2d51) + hashes.high[index]) >>> 0;
  }
  return a * 2097152 + (b >>> 11);
}

/**
 * Characters of the most frequent n-gram (joined with spaces) times its count; on a tie, the
 * n-gram that occurs first (Python's `Counter.most_common(1)`, which DataTrove uses).
 */
function topNgramCharacters(words: readonly string[], lengths: Int32Array, hashes: { low: Uint32Array; high: Uint32Array }, n: number): number {
  // Map keeps insertion order, so the first n-gram to reach the top count is the first in the text.
  const firstStart = new Map<number, number>();
  const counts = new Map<number, number>();
  for (let start = 0; start + n <= words.length; start++) {
    const key = ngramKey(hashes, start, n);
    const count = counts.get(key);
    if (count === undefined) {
      counts.set(key, 1);
      firstStart.set(key, start);
    } else {
      counts.set(key, count + 1);
    }
  }
  let bestCount = 0;
  let bestStart = 0;
  for (const [key, count] of counts) {
    if (count > bestCount) {
      bestCount = count;
      bestStart = firstStart.get(key) ?? 0;
    }
  }
  if (bestCount === 0) return 0;
  return (lengths[bestStart + n] - lengths[bestStart] + n - 1) * bestCount;
}

/** Characters (words joined without spaces) of n-grams that repeat an earlier one, jumping past each repeat. */
function duplicateNgramCharacters(words: readonly string[], lengths: Int32Array, hashes: { low: Uint32Array; high: Uint32Array }, n: number): number {
  const seen = new Set<number>();
  let characters = 0;
  let start = 0;
  while (start + n <= words.length) {
    const key = ngramKey(hashes, start, n);
    if (seen.has(key)) {
      characters += lengths[start + n] - lengths[start];
      start += n;
    } else {
      seen.add(key);
      start++;
    }
  }
  return characters;
}

/** Whitespace-separated words of a text. */
export function wordsOf(text: string): string[] {
  return text.split(/\s+/).filter((word) => word.length > 0);
}

/** Gopher's repetition statistics of a text (all 0 for empty text). */
export function repetitionStatistics(text: string, words: readonly string[] = wordsOf(text)): RepetitionStatistics {
  const total = Math.max(text.length, 1);
  const paragraphs = text.trim().split(/\n{2,}/);
  const lines = text.split(/\n+/);
  const paragraphDuplicates = duplicates(paragraphs);
  const lineDuplicates = duplicates(lines);
  // lengths[i] = characters of the first i words, so an n-gram's characters are one subtraction.
  const lengths = new Int32Array(words.length + 1);
  for (let index = 0; index < words.length; index++) lengths[index + 1] = lengths[index] + words[index].length;
  const hashes = wordHashes(words);
  return {
    duplicateLineShare: lineDuplicates.count / lines.length,
    duplicateLineCharShare: lineDuplicates.characters / total,
    duplicateParagraphShare: paragraphDuplicates.count / paragraphs.length,
    duplicateParagraphCharShare: paragraphDuplicates.characters / total,
    top2GramShare: Math.min(1, topNgramCharacters(words, lengths, hashes, 2) / total),
    top3GramShare: Math.min(1, topNgramCharacters(words, lengths, hashes, 3) / total),
    top4GramShare: Math.min(1, topNgramCharacters(words, lengths, hashes, 4) / total),
    duplicate5GramShare: duplicateNgramCharacters(words, lengths, hashes, 5) / total,
    duplicate6GramShare: duplicateNgramCharacters(words, lengths, hashes, 6) / total,
    duplicate7GramShare: duplicateNgramCharacters(words, lengths, hashes, 7) / total,
    duplicate8GramShare: duplicateNgramCharacters(words, lengths, hashes, 8) / total,
    duplicate9GramShare: duplicateNgramCharacters(words, lengths, hashes, 9) / total,
    duplicate10GramShare: duplicateNgramCharacters(words, lengths, hashes, 10) / total,
  };
}
