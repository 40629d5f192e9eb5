import { describe, expect, it } from 'vitest';
import { exceedsDepth, MAX_DEPTH } from '../../../../shared/text/json-depth';
import { nestedText } from '../../../hostile/records';

describe('exceedsDepth', () => {
  it('counts the value itself as level 1 and allows exactly MAX_DEPTH levels, in arrays and objects', () => {
    expect(MAX_DEPTH).toBe(4096);
    for (const kind of ['array', 'object'] as const) {
      expect(exceedsDepth(JSON.parse(nestedText(MAX_DEPTH, kind)))).toBe(false);
      expect(exceedsDepth(JSON.parse(nestedText(MAX_DEPTH + 1, kind)))).toBe(true);
    }
    expect(exceedsDepth(JSON.parse(nestedText(3)), 2)).toBe(true);
    expect(exceedsDepth(JSON.parse(nestedText(2)), 2)).toBe(false);
  });

  it('walks 100,000 levels without recursion, and scalars are 0 deep', () => {
    expect(exceedsDepth(JSON.parse(nestedText(100_000)))).toBe(true);
    for (const scalar of [1, 'x', null, true]) expect(exceedsDepth(scalar, 0)).toBe(false);
    expect(exceedsDepth({ a: [1, { b: 'c' }], d: [] }, 3)).toBe(false);
    expect(exceedsDepth({ a: [1, { b: ['c'] }], d: [] }, 3)).toBe(true);
  });
});
