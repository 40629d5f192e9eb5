import { describe, expect, it } from 'vitest';
import { candidateProbability, chooseBanding, computeBandKeys, findBuckets, lshCurve, meanRecall } from '../../../../shared/dedup/lsh';
import { createRandom } from './planted';

describe('LSH math', () => {
  it('computes 1 - (1 - s^r)^b', () => {
    expect(candidateProbability(0.8, 16, 8)).toBeCloseTo(1 - (1 - 0.8 ** 8) ** 16, 12);
    expect(candidateProbability(0.8, 16, 8)).toBeCloseTo(0.947, 3);
    expect(candidateProbability(0, 16, 8)).toBe(0);
    expect(candidateProbability(1, 16, 8)).toBe(1);
  });

  it('finds 99% of pairs in [0.8, 1] with 16 x 8 and 83% with datasketch 9 x 13', () => {
    expect(meanRecall(0.8, 16, 8)).toBeGreaterThanOrEqual(0.99);
    expect(meanRecall(0.8, 9, 13)).toBeCloseTo(0.83, 2);
  });

  it('chooses the banding by the recall at the threshold itself: 21 x 6 for 128 permutations at 0.8', () => {
    expect(chooseBanding(128, 0.8)).toEqual({ bands: 21, rows: 6 });
    expect(candidateProbability(0.8, 21, 6)).toBeGreaterThanOrEqual(0.995);
    // 18 x 7 (chosen for the mean over [0.8, 1]) finds only 98.6% of the pairs at 0.8.
    expect(candidateProbability(0.8, 18, 7)).toBeLessThan(0.99);
    expect(chooseBanding(128, 0.8, 0.98)).toEqual({ bands: 18, rows: 7 });
    const low = chooseBanding(128, 0.5);
    expect(low.rows).toBeLessThan(6);
    expect(candidateProbability(0.5, low.bands, low.rows)).toBeGreaterThanOrEqual(0.995);
    expect(low.bands * low.rows).toBeLessThanOrEqual(128);
    // The recall at the threshold is the worst case on [threshold, 1]: the curve only rises.
    for (let similarity = 0.8; similarity <= 1; similarity += 0.01) expect(candidateProbability(similarity, 21, 6)).toBeGreaterThanOrEqual(0.995);
  });

  it('draws a monotone curve from 0 to 1', () => {
    const curve = lshCurve(16, 8, 11);
    expect(curve.similarity).toHaveLength(11);
    expect(curve.probability[0]).toBe(0);
    expect(curve.probability[10]).toBe(1);
    for (let index = 1; index < 11; index++) expect(curve.probability[index]).toBeGreaterThanOrEqual(curve.probability[index - 1]);
  });
});

describe('LSH buckets', () => {
  it('puts records together exactly when one band of their signatures agrees (checked against brute force)', () => {
    const random = createRandom(5);
    const count = 300;
    const permutations = 16;
    const banding = { bands: 4, rows: 4 };
    // Signatures over a tiny alphabet so that bands collide often.
    const signatures = Uint32Array.from({ length: count * permutations }, () => Math.floor(random() * 2));
    const keys = new Uint32Array(count * banding.bands);
    computeBandKeys(signatures, 0, count, permutations, banding, keys);
    const active = Uint8Array.from({ length: count }, (_, index) => (index % 7 === 0 ? 0 : 1));
    const buckets = findBuckets(keys, count, banding.bands, active);
    const together = new Set<string>();
    for (let bucket = 0; bucket + 1 < buckets.starts.length; bucket++) {
      const members = Array.from(buckets.members.subarray(buckets.starts[bucket], buckets.starts[bucket + 1]));
      expect(members.length).toBeGreaterThanOrEqual(2);
      expect(members).toEqual([...members].sort((a, b) => a - b));
      for (const a of members) for (const b of members) if (a < b) together.add(`${a},${b}`);
    }
    for (let a = 0; a < count; a++) {
      for (let b = a + 1; b < count; b++) {
        let sameBand = false;
        for (let band = 0; band < banding.bands; band++) {
          let equal = true;
          for (let row = 0; row < banding.rows; row++) if (signatures[a * permutations + band * 4 + row] !== signatures[b * permutations + band * 4 + row]) equal = false;
          if (equal) sameBand = true;
        }
        expect(together.has(`${a},${b}`)).toBe(sameBand && active[a] === 1 && active[b] === 1);
      }
    }
  });
});
