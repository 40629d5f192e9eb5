import { fmix32 } from '../text/words';

/**
 * Locality-sensitive hashing by banding (Leskovec, Rajaraman and Ullman, "Mining of Massive
 * Datasets", ch. 3.4): a signature of b x r values is cut into b bands of r rows; two records
 * become a candidate pair when all rows of at least one band agree, which happens with probability
 * 1 - (1 - s^r)^b for Jaccard similarity s.
 *
 * The banding is chosen for recall at the threshold itself (docs/dedup-and-leakage.md, "Choosing
 * bands and rows"): the S-curve rises with similarity, so its value at the threshold is the worst
 * case on [threshold, 1], and the pairs just above the threshold are the ones a banding chosen for
 * the mean over [threshold, 1] misses (18 x 7 finds 98.6% at 0.8; 21 x 6 finds 99.8%). The extra
 * candidates cost little because every one is verified exactly.
 */

/** Probability that a pair of Jaccard similarity `similarity` becomes a candidate: 1 - (1 - s^rows)^bands. */
export function candidateProbability(similarity: number, bands: number, rows: number): number {
  return 1 - Math.pow(1 - Math.pow(similarity, rows), bands);
}

/**
 * The mean of {@link candidateProbability} over similarities spread evenly on [threshold, 1]: the
 * recall on pairs at or above the threshold when their similarities are uniform there (midpoint
 * rule, `samples` steps).
 */
export function meanRecall(threshold: number, bands: number, rows: number, samples = 1000): number {
  if (threshold >= 1) return candidateProbability(1, bands, rows);
  const step = (1 - threshold) / samples;
  let total = 0;
  for (let index = 0; index < samples; index++) total += candidateProbability(threshold + (index + 0.5) * step, bands, rows);
  return total / samples;
}

/** A banding: `bands` x `rows` <= permutations. */
export interface Banding {
  bands: number;
  rows: number;
}

/**
 * The most selective banding whose recall at the threshold itself, {@link candidateProbability} at
 * `threshold` (the worst case of the S-curve on [threshold, 1]), reaches `targetRecall`: the most
 * rows per band, with as many bands as the signature holds (extra bands cost nothing and only add
 * recall). For 128 permutations at 0.8 and 0.995 this is 21 x 6. Falls back to one row per band
 * (the most sensitive banding) when nothing reaches the target.
 */
export function chooseBanding(permutations: number, threshold: number, targetRecall = 0.995): Banding {
  for (let rows = permutations; rows >= 1; rows--) {
    const bands = Math.floor(permutations / rows);
    if (candidateProbability(threshold, bands, rows) >= targetRecall) return { bands, rows };
  }
  return { bands: permutations, rows: 1 };
}

/** The LSH S-curve for the UI: candidate probability at `points` similarities evenly spaced on [0, 1]. */
export function lshCurve(bands: number, rows: number, points = 101): { similarity: number[]; probability: number[] } {
  const similarity: number[] = [];
  const probability: number[] = [];
  for (let index = 0; index < points; index++) {
    const value = points === 1 ? 1 : index / (points - 1);
    similarity.push(value);
    probability.push(candidateProbability(value, bands, rows));
  }
  return { similarity, probability };
}

/**
 * Writes the band keys of `count` signatures (stored one after another, `permutations` values each,
 * starting at record `first` of `signatures`) into `out`: `out[(outRecord) * bands + band]`, one
 * 32-bit hash of the band's rows. Pure and per-record, so workers compute it for their ranges.
 */
export function computeBandKeys(
  signatures: Uint32Array,
  first: number,
  count: number,
  permutations: number,
  banding: Banding,
  out: Uint32Array,
  outFirst = 0,
): void {
  const { bands, rows } = banding;
  for (let record = 0; record < count; record++) {
    const base = (first + record) * permutations;
    for (let band = 0; band < bands; band++) {
      let hash = Math.imul(band + 1, 0x9e3779b1);
      const start = base + band * rows;
      for (let row = 0; row < rows; row++) {
        hash = Math.imul(hash ^ signatures[start + row], 0xcc9e2d51);
        hash = (hash << 15) | (hash >>> 17);
      }
      out[(outFirst + record) * bands + band] = fmix32(hash ^ rows);
    }
  }
}

/** LSH buckets that hold two records or more, in CSR form: bucket k is `members[starts[k] .. starts[k + 1])`. */
export interface Buckets {
  /** Record indices, bucket after bucket, ascending within a bucket. */
  members: Int32Array;
  /** Bucket boundaries into `members` (length = bucket count + 1). */
  starts: Uint32Array;
}

/**
 * Groups the records by band key, band by band, and returns every bucket with two members or more.
 * `keys` is laid out as {@link computeBandKeys} writes it. Records with `active[i] === 0` are left out
 * (exact duplicates already removed, empty records). Cost: one open-addressing table per band.
 */
export function findBuckets(keys: Uint32Array, recordCount: number, bands: number, active?: Uint8Array): Buckets {
  let capacity = 16;
  while (capacity < recordCount * 2) capacity *= 2;
  const mask = capacity - 1;
  const slotKeys = new Uint32Array(capacity);
  const slotHeads = new Int32Array(capacity);
  const slotSizes = new Int32Array(capacity);
  const next = new Int32Array(recordCount);
  let members = new Int32Array(1024);
  let memberCount = 0;
  const starts: number[] = [0];
  const used: number[] = [];
  for (let band = 0; band < bands; band++) {
    slotHeads.fill(-1);
    used.length = 0;
    // Insert in descending order so each chain lists its records ascending.
    for (let record = recordCount - 1; record >= 0; record--) {
      if (active !== undefined && active[record] === 0) continue;
      const key = keys[record * bands + band];
      let slot = key & mask;
      while (slotHeads[slot] !== -1 && slotKeys[slot] !== key) slot = (slot + 1) & mask;
      if (slotHeads[slot] === -1) {
        slotKeys[slot] = key;
        slotSizes[slot] = 0;
        next[record] = -1;
      } else {
        next[record] = slotHeads[slot];
        if (slotSizes[slot] === 1) used.push(slot);
      }
      slotHeads[slot] = record;
      slotSizes[slot]++;
    }
    for (const slot of used) {
      const size = slotSizes[slot];
      if (memberCount + size > members.length) {
        const grown = new Int32Array(Math.max(members.length * 2, memberCount + size));
        grown.set(members.subarray(0, memberCount));
        members = grown;
      }
      for (let record = slotHeads[slot]; record !== -1; record = next[record]) members[memberCount++] = record;
      starts.push(memberCount);
    }
  }
  return { members: members.slice(0, memberCount), starts: Uint32Array.from(starts) };
}
