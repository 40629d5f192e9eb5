/**
 * Dedup's clustering at a million records (docs/scale.md, "Nothing breaks at size"): one exact
 * group of 500,000 and one near-duplicate component of 500,000 (one LSH bucket per band), so every
 * loop over a group, a bucket, a component and a cluster runs at that size. Pure data: the features
 * are built directly in typed arrays.
 */
import { describe, expect, it } from 'vitest';
import { clusterComponent, createAssignment, type KeepInputs } from '../../../shared/dedup/clusters';
import { deduplicate } from '../../../shared/dedup/dedup';
import type { DedupFeatures } from '../../../shared/dedup/features';
import { dedupSettings } from '../../../shared/dedup/settings';

const MILLION = 1_000_000;
const HALF = MILLION / 2;
/** Shingles every record of the near half shares; each also has one of its own (Jaccard 20/22). */
const SHARED = 20;

/** Records 0 .. HALF-1: one identical turn each; HALF .. MILLION-1: the shared shingles plus one own. */
function features(): DedupFeatures {
  const shingleCounts = (record: number): number => (record < HALF ? 5 : SHARED + 1);
  let total = 0;
  for (let record = 0; record < MILLION; record++) total += shingleCounts(record);
  const shingles = new Uint32Array(total);
  const turnShingles = new Uint32Array(MILLION + 1);
  const turnKeysLow = new Uint32Array(MILLION);
  const turnKeysHigh = new Uint32Array(MILLION);
  let at = 0;
  for (let record = 0; record < MILLION; record++) {
    if (record < HALF) {
      for (let shingle = 0; shingle < 5; shingle++) shingles[at++] = 0x1000 + shingle;
      turnKeysLow[record] = 0xabcdef;
      turnKeysHigh[record] = 0x123456;
    } else {
      for (let shingle = 0; shingle < SHARED; shingle++) shingles[at++] = Math.imul(shingle + 1, 0x9e3779b1) >>> 0;
      shingles[at++] = (0x80000000 + record) >>> 0;
      turnKeysLow[record] = record;
      turnKeysHigh[record] = 7;
    }
    turnShingles[record + 1] = at;
  }
  const recordTurns = new Uint32Array(MILLION + 1);
  for (let record = 0; record <= MILLION; record++) recordTurns[record] = record;
  return {
    recordCount: MILLION,
    recordTurns,
    turnRoles: new Uint8Array(MILLION).fill(1),
    turnKeysLow,
    turnKeysHigh,
    turnCharacters: new Uint32Array(MILLION).fill(100),
    turnShingles,
    shingles,
  };
}

describe('dedup over 1,000,000 records', () => {
  it('forms one exact cluster of 500,000 and one near cluster of 500,000', () => {
    const settings = dedupSettings.parse({ templates: { enabled: false } });
    const result = deduplicate({ features: features() }, settings);
    const { clusters, duplicateOf } = result.assignment;
    const exact = clusters.filter((cluster) => cluster.kind === 'exact');
    const near = clusters.filter((cluster) => cluster.kind === 'near');
    expect(exact).toHaveLength(1);
    expect(exact[0].size).toBe(HALF);
    expect(exact[0].kept).toBe(0);
    expect(near).toHaveLength(1);
    expect(near[0].size).toBe(HALF);
    expect(near[0].kept).toBe(HALF);
    expect(near[0].minSimilarity).toBeCloseTo(SHARED / (SHARED + 2), 6);
    expect(result.exactDuplicates).toBe(HALF - 1);
    let duplicates = 0;
    for (let record = 0; record < MILLION; record++) if (duplicateOf[record] !== -1) duplicates++;
    expect(duplicates).toBe(MILLION - 2);
  });

  it('splits a component of 1,000,000 by the keep policy without a call per member on the stack', () => {
    const keep: KeepInputs = { rewards: new Float64Array(MILLION).fill(Number.NaN), lengths: new Uint32Array(MILLION).map((_, record) => record % 1000), criteria: ['longest'] };
    const component = Array.from({ length: MILLION }, (_, record) => record);
    const assignment = createAssignment(MILLION);
    // Members share a residue mod 2 with the kept record or not: two clusters of 500,000.
    clusterComponent(component, (kept, member) => ((kept - member) % 2 === 0 ? 0.9 : 0.1), 0.8, keep, assignment);
    expect(assignment.clusters.map((cluster) => cluster.size)).toEqual([HALF, HALF]);
    expect(keep.lengths[assignment.clusters[0].kept]).toBe(999);
  });
});
