import { describe, expect, it } from 'vitest';
import { REPETITION_STATISTICS, repetitionStatistics, wordsOf } from '../../../../shared/filters/gopher-repetition';

describe('repetitionStatistics (Gopher, computed as DataTrove does)', () => {
  it('counts repeated lines and their characters', () => {
    const text = 'a\na\nb\nc';
    const statistics = repetitionStatistics(text);
    expect(statistics.duplicateLineShare).toBe(1 / 4);
    expect(statistics.duplicateLineCharShare).toBe(1 / 7);
  });

  it('counts repeated paragraphs (split on blank lines) and their characters', () => {
    const text = 'x y\n\nx y\n\nz';
    const statistics = repetitionStatistics(text);
    expect(statistics.duplicateParagraphShare).toBe(1 / 3);
    expect(statistics.duplicateParagraphCharShare).toBe(3 / 11);
  });

  it('measures the most frequent n-gram with its spaces, times its count', () => {
    // 2-grams: "a b" x3, "b a" x2, "b c" x1; "a b" has 3 characters: 9 of 13.
    expect(repetitionStatistics('a b a b a b c').top2GramShare).toBe(9 / 13);
    // All 2-grams once: the first one counts ("a b", 3 characters of 7).
    expect(repetitionStatistics('a b c d').top2GramShare).toBe(3 / 7);
  });

  it('counts the characters of repeated n-grams without spaces, jumping past each repeat', () => {
    const text = 'one two three four five one two three four five';
    const statistics = repetitionStatistics(text);
    // "onetwothreefourfive" (19 characters) repeats once, in 47 characters.
    expect(statistics.duplicate5GramShare).toBe(19 / 47);
    // No 6-gram of ten words repeats.
    expect(statistics.duplicate6GramShare).toBe(0);
  });

  it('gives finite zeros for empty text and names every statistic', () => {
    const statistics = repetitionStatistics('');
    for (const key of REPETITION_STATISTICS) expect(statistics[key]).toBe(0);
    expect(Object.keys(statistics).sort()).toEqual([...REPETITION_STATISTICS].sort());
  });

  it('stays between 0 and 1 on any text', () => {
    const texts = ['word '.repeat(500), 'line\n'.repeat(200), 'a b c d e f g h i j k '.repeat(40), '\n\n\n', 'x'];
    for (const text of texts) {
      for (const value of Object.values(repetitionStatistics(text))) {
        expect(value).toBeGreaterThanOrEqual(0);
        expect(value).toBeLessThanOrEqual(1);
      }
    }
  });

  it('splits words on any whitespace', () => {
    expect(wordsOf('  a\tb\n\nc  ')).toEqual(['a', 'b', 'c']);
  });
});
