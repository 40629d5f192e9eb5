import { describe, expect, it } from 'vitest';
import { hashString } from '../../../../shared/text/string-hash';

describe('hashString (FNV-1a 32)', () => {
  it.each([
    ['', 0x811c9dc5],
    ['a', 0xe40c292c],
    ['foobar', 0xbf9cf968],
  ])('%j', (text, expected) => {
    expect(hashString(text)).toBe(expected);
  });

  it('spreads sequential ids', () => {
    const hashes = new Set(Array.from({ length: 100_000 }, (_, index) => hashString(`bench_${index}`)));
    expect(hashes.size).toBeGreaterThan(99_990);
  });
});
