/**
 * The plain implementation of the Gopher repetition statistics (string splits, a Set of lines, a
 * Map of n-gram strings, every n-gram pass run: no hash decides anything), kept as the oracle the fast scanner in shared/filters/gopher-repetition.ts
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
 * Words are whitespace-separated tokens; n-grams are compared as strings of their words.
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

/** Each n-gram of the words as a string (its words joined with spaces: words hold no whitespace, so equal strings are equal word sequences). */
function ngramsOf(words: readonly string[], n: number): string[] {
  const ngrams: string[] = [];
  for (let start = 0; start + n <= words.length; start++) ngrams.push(words.slice(start, start + n).join(' '));
  return ngrams;
}

/**
 * Characters of the most frequent n-gram (joined with spaces) times its count; on a tie, the
 * n-gram that occurs first (Python's `Counter.most_common(1)`, which DataTrove uses). A Map keeps
 * insertion order, as Counter does.
 */
function topNgramCharacters(words: readonly string[], n: number): number {
  const counts = new Map<string, number>();
  for (const ngram of ngramsOf(words, n)) counts.set(ngram, (counts.get(ngram) ?? 0) + 1);
  let best = '';
  let bestCount = 0;
  for (const [ngram, count] of counts) {
    if (count > bestCount) {
      best = ngram;
      bestCount = count;
    }
  }
  return best.length * bestCount;
}

/** Characters (words joined without spaces) of n-grams that repeat an earlier one, jumping past each repeat. */
function duplicateNgramCharacters(words: readonly string[], n: number): number {
  const seen = new Set<string>();
  let characters = 0;
  let start = 0;
  while (start + n <= words.length) {
    const ngram = words.slice(start, start + n).join(' ');
    if (seen.has(ngram)) {
      characters += ngram.length - (n - 1);
      start += n;
    } else {
      seen.add(ngram);
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
  return {
    duplicateLineShare: lineDuplicates.count / lines.length,
    duplicateLineCharShare: lineDuplicates.characters / total,
    duplicateParagraphShare: paragraphDuplicates.count / paragraphs.length,
    duplicateParagraphCharShare: paragraphDuplicates.characters / total,
    top2GramShare: Math.min(1, topNgramCharacters(words, 2) / total),
    top3GramShare: Math.min(1, topNgramCharacters(words, 3) / total),
    top4GramShare: Math.min(1, topNgramCharacters(words, 4) / total),
    duplicate5GramShare: duplicateNgramCharacters(words, 5) / total,
    duplicate6GramShare: duplicateNgramCharacters(words, 6) / total,
    duplicate7GramShare: duplicateNgramCharacters(words, 7) / total,
    duplicate8GramShare: duplicateNgramCharacters(words, 8) / total,
    duplicate9GramShare: duplicateNgramCharacters(words, 9) / total,
    duplicate10GramShare: duplicateNgramCharacters(words, 10) / total,
  };
}
