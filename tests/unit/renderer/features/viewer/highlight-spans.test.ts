import { describe, expect, it } from 'vitest';
import { splitBySpans } from '../../../../../renderer/src/features/viewer/highlight-spans';

describe('splitBySpans', () => {
  it('marks the spans and keeps every character, in order', () => {
    const text = 'How many files are in /etc? Count them.';
    const segments = splitBySpans(text, [{ start: 4, end: 14 }, { start: 22, end: 26 }]);
    expect(segments).toEqual([
      { text: 'How ', marked: false },
      { text: 'many files', marked: true },
      { text: ' are in ', marked: false },
      { text: '/etc', marked: true },
      { text: '? Count them.', marked: false },
    ]);
    expect(segments.map((segment) => segment.text).join('')).toBe(text);
  });

  it('merges overlapping and unsorted spans and clamps them to the text', () => {
    expect(splitBySpans('abcdefgh', [{ start: 5, end: 20 }, { start: 1, end: 3 }, { start: 2, end: 4 }])).toEqual([
      { text: 'a', marked: false },
      { text: 'bcd', marked: true },
      { text: 'e', marked: false },
      { text: 'fgh', marked: true },
    ]);
  });

  it('returns the whole text unmarked without spans, and handles an empty text', () => {
    expect(splitBySpans('plain', [])).toEqual([{ text: 'plain', marked: false }]);
    expect(splitBySpans('', [{ start: 0, end: 3 }])).toEqual([{ text: '', marked: false }]);
  });
});
