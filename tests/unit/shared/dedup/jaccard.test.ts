import { describe, expect, it } from 'vitest';
import { intersectionSize, jaccard, sizesAllow, sortUnique } from '../../../../shared/dedup/jaccard';
import { createUnionFind, findRoot, union } from '../../../../shared/dedup/union-find';
import { createRandom } from './planted';

describe('exact Jaccard on sorted sets', () => {
  it('has known values', () => {
    expect(jaccard(Uint32Array.from([1, 2, 3]), Uint32Array.from([2, 3, 4]))).toBe(0.5);
    expect(jaccard(new Uint32Array(0), new Uint32Array(0))).toBe(1);
    expect(jaccard(Uint32Array.from([1]), new Uint32Array(0))).toBe(0);
    expect(intersectionSize(Uint32Array.from([0, 0xffffffff]), Uint32Array.from([0xffffffff]))).toBe(1);
  });

  it('sorts and removes repeats in place, within the range only', () => {
    const values = Uint32Array.from([9, 5, 3, 5, 1, 3, 7]);
    const end = sortUnique(values, 1, 6);
    expect(Array.from(values.subarray(1, end))).toEqual([1, 3, 5]);
    expect(values[0]).toBe(9);
    expect(values[6]).toBe(7);
  });

  it('agrees with a Set-based Jaccard on random sets (property)', () => {
    const random = createRandom(9);
    for (let trial = 0; trial < 200; trial++) {
      const a = Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * 80));
      const b = Array.from({ length: Math.floor(random() * 60) }, () => Math.floor(random() * 80));
      const setA = new Set(a);
      const setB = new Set(b);
      const shared = [...setA].filter((value) => setB.has(value)).length;
      const expected = setA.size + setB.size === 0 ? 1 : shared / (setA.size + setB.size - shared);
      const sortedA = Uint32Array.from(a);
      const sortedB = Uint32Array.from(b);
      const result = jaccard(sortedA.slice(0, sortUnique(sortedA, 0, a.length)), sortedB.slice(0, sortUnique(sortedB, 0, b.length)));
      expect(result).toBeCloseTo(expected, 12);
      // The size bound never rejects a pair that reaches the threshold.
      if (result >= 0.8) expect(sizesAllow(setA.size, setB.size, 0.8)).toBe(true);
    }
  });
});

describe('union-find', () => {
  it('agrees with naive component labels under random unions (property)', () => {
    const random = createRandom(13);
    const count = 200;
    const sets = createUnionFind(count);
    const labels = Array.from({ length: count }, (_, index) => index);
    for (let step = 0; step < 150; step++) {
      const a = Math.floor(random() * count);
      const b = Math.floor(random() * count);
      const merged = union(sets, a, b);
      expect(merged).toBe(labels[a] !== labels[b]);
      const from = labels[b];
      for (let index = 0; index < count; index++) if (labels[index] === from) labels[index] = labels[a];
    }
    for (let a = 0; a < count; a += 7) for (let b = 0; b < count; b += 5) expect(findRoot(sets, a) === findRoot(sets, b)).toBe(labels[a] === labels[b]);
  });
});
