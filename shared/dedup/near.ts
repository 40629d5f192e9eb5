import { clusterComponent, type DedupAssignment, type KeepInputs } from './clusters';
import { shingleRange, type DedupFeatures, type ShingleStore } from './features';
import { jaccard, sizesAllow, sortUnique } from './jaccard';
import { computeBandKeys, findBuckets, type Banding } from './lsh';
import { estimateJaccard } from './minhash';
import type { MinHashKernel } from './minhash-wasm';
import { createUnionFind, findRoot, union } from './union-find';

/**
 * Near-duplicate dedup (docs/dedup-and-leakage.md, "Near dedup"): MinHash signatures of each record's shingles outside template
 * turns, LSH banding for candidates, exact Jaccard verification of every candidate pair, and
 * guarded clusters (`clusters.ts`). The signature step is per record range, so workers can run it
 * in parallel; banding, verification and clustering run once over all records.
 */

/** The shingles of a record outside template turns, as one range of `features.shingles` when they are contiguous. */
function contiguousRange(features: DedupFeatures, templateMask: Uint8Array, record: number): [number, number] | null {
  const firstTurn = features.recordTurns[record];
  const lastTurn = features.recordTurns[record + 1];
  let start = -1;
  let end = -1;
  for (let turn = firstTurn; turn < lastTurn; turn++) {
    if (templateMask[turn] === 1) continue;
    const from = features.turnShingles[turn];
    const to = features.turnShingles[turn + 1];
    if (from === to) continue;
    if (start === -1) start = from;
    else if (from !== end) return null;
    end = to;
  }
  return start === -1 ? [0, 0] : [start, end];
}

/** A copy of the shingles of `record` outside template turns (unsorted, with repeats). */
export function recordShingles(features: DedupFeatures, templateMask: Uint8Array, record: number): Uint32Array {
  const range = contiguousRange(features, templateMask, record);
  if (range !== null) return features.shingles instanceof Uint32Array ? features.shingles.slice(range[0], range[1]) : features.shingles.read(range[0], range[1]);
  const parts: Uint32Array[] = [];
  for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) {
    if (templateMask[turn] === 0) parts.push(shingleRange(features, features.turnShingles[turn], features.turnShingles[turn + 1]));
  }
  const out = new Uint32Array(parts.reduce((total, part) => total + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.length;
  }
  return out;
}

/** The shingle set of `record` outside template turns: sorted, without repeats (what exact Jaccard compares). */
export function recordShingleSet(features: DedupFeatures, templateMask: Uint8Array, record: number): Uint32Array {
  const shingles = recordShingles(features, templateMask, record);
  return shingles.slice(0, sortUnique(shingles, 0, shingles.length));
}

/**
 * Writes the MinHash signatures of records `[from, to)` into `out` (k values per record, record
 * `from` at `outFirst * k`) and marks in `empty` (when given) the records with no shingle outside
 * template turns. Per record range: the part of near dedup that workers run in parallel.
 */
export function computeSignatures(
  features: DedupFeatures,
  templateMask: Uint8Array,
  kernel: MinHashKernel,
  from: number,
  to: number,
  out: Uint32Array,
  outFirst = 0,
  empty?: Uint8Array,
): void {
  const permutations = kernel.parameters.permutations;
  for (let record = from; record < to; record++) {
    const range = contiguousRange(features, templateMask, record);
    const outOffset = (outFirst + record - from) * permutations;
    if (range !== null) {
      if (features.shingles instanceof Uint32Array) kernel.signature(features.shingles, range[0], range[1], out, outOffset);
      else kernel.signature(features.shingles.read(range[0], range[1]), 0, range[1] - range[0], out, outOffset);
      if (empty !== undefined) empty[outFirst + record - from] = range[0] === range[1] ? 1 : 0;
    } else {
      const shingles = recordShingles(features, templateMask, record);
      kernel.signature(shingles, 0, shingles.length, out, outOffset);
      if (empty !== undefined) empty[outFirst + record - from] = shingles.length === 0 ? 1 : 0;
    }
  }
}

/** Characters of each record outside template turns (the "longest" of the keep policy). */
export function recordLengths(features: DedupFeatures, templateMask: Uint8Array): Uint32Array {
  const lengths = new Uint32Array(features.recordCount);
  for (let record = 0; record < features.recordCount; record++) {
    let total = 0;
    for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) if (templateMask[turn] === 0) total += features.turnCharacters[turn];
    lengths[record] = total;
  }
  return lengths;
}

/** Records signed per chunk: 4,096 signatures of 128 values are 2 MiB. */
const SIGN_CHUNK = 4096;

/** Whether any turn of `record` is a template turn. */
function hasTemplateTurn(features: DedupFeatures, templateMask: Uint8Array, record: number): boolean {
  for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) if (templateMask[turn] === 1) return true;
  return false;
}

/** True when every value of a signature is 0xffffffff: the signature of no shingle. */
function isEmptySignature(signatures: Uint32Array, offset: number, permutations: number): boolean {
  for (let index = offset; index < offset + permutations; index++) if (signatures[index] !== 0xffffffff) return false;
  return true;
}

/**
 * The LSH band keys of every record and which records have no shingle outside template turns,
 * signing a chunk of records at a time (docs/scale.md, "Bounded memory"): only the band keys are
 * kept for all records. `given` holds signatures over every turn (from the workers, in memory or in
 * a store); records with a template turn are signed again without it. Without `given`, every record
 * is signed here.
 */
export function signRecords(
  features: DedupFeatures,
  templateMask: Uint8Array,
  kernel: MinHashKernel,
  banding: Banding,
  given?: Uint32Array | ShingleStore,
): { bandKeys: Uint32Array; empty: Uint8Array } {
  const count = features.recordCount;
  const permutations = kernel.parameters.permutations;
  const bandKeys = new Uint32Array(count * banding.bands);
  const empty = new Uint8Array(count);
  const chunk = new Uint32Array(Math.min(count, SIGN_CHUNK) * permutations);
  for (let from = 0; from < count; from += SIGN_CHUNK) {
    const to = Math.min(count, from + SIGN_CHUNK);
    if (given === undefined) computeSignatures(features, templateMask, kernel, from, to, chunk, 0, empty.subarray(from, to));
    else {
      chunk.set(given instanceof Uint32Array ? given.subarray(from * permutations, to * permutations) : given.read(from * permutations, to * permutations));
      for (let record = from; record < to; record++) {
        if (hasTemplateTurn(features, templateMask, record)) computeSignatures(features, templateMask, kernel, record, record + 1, chunk, record - from, empty.subarray(from, to));
        else empty[record] = isEmptySignature(chunk, (record - from) * permutations, permutations) ? 1 : 0;
      }
    }
    computeBandKeys(chunk, 0, to - from, permutations, banding, bandKeys, from);
  }
  return { bandKeys, empty };
}

/** The signature of one record outside template turns (what {@link signRecords} signed), for the MinHash estimate. */
export function signatureOf(features: DedupFeatures, templateMask: Uint8Array, kernel: MinHashKernel, given: Uint32Array | ShingleStore | undefined, record: number): Uint32Array {
  const permutations = kernel.parameters.permutations;
  const out = new Uint32Array(permutations);
  if (given === undefined || hasTemplateTurn(features, templateMask, record)) computeSignatures(features, templateMask, kernel, record, record + 1, out, 0);
  else out.set(given instanceof Uint32Array ? given.subarray(record * permutations, (record + 1) * permutations) : given.read(record * permutations, (record + 1) * permutations));
  return out;
}

/** What near dedup needs beyond the features. */
export interface NearDuplicateInput {
  features: DedupFeatures;
  templateMask: Uint8Array;
  /** The band keys of every record (see {@link signRecords}). */
  bandKeys: Uint32Array;
  /** The signature of a record, read when candidates are not verified (the MinHash estimate stands instead). */
  signatureOf: (record: number) => Uint32Array;
  banding: Banding;
  threshold: number;
  /** Verify candidates by exact Jaccard (else trust the MinHash estimate). */
  verify: boolean;
  /** 1 for records that take part (not an exact duplicate, not empty). */
  active: Uint8Array;
  keep: KeepInputs;
  /** A clock in milliseconds (`performance.now`), to time the verification; none: not timed. */
  clock?: () => number;
}

/** Counts for the bench and the UI. */
export interface NearDuplicateStats {
  /** LSH buckets with two records or more. */
  buckets: number;
  /** Distinct pairs compared (pairs already connected are not compared again). */
  candidatePairs: number;
  /** Compared pairs at or above the threshold. */
  acceptedPairs: number;
  /** Compared pairs below it: LSH false positives that verification removed. */
  rejectedPairs: number;
  /** Connected components of two records or more, before the chaining guard. */
  components: number;
  /** Milliseconds spent verifying candidates (building shingle sets, exact Jaccard), when a clock was given. */
  verifyMilliseconds: number;
}

/** Largest bucket whose pairs are all compared; larger buckets are compared against pivots. */
const ALL_PAIRS_LIMIT = 16;

/**
 * Finds near duplicates among the active records and adds `near` clusters to `assignment`.
 * Every member of a cluster has similarity >= threshold to the cluster's kept record.
 */
export function clusterNearDuplicates(input: NearDuplicateInput, assignment: DedupAssignment): NearDuplicateStats {
  const { features, templateMask, bandKeys, banding, threshold, verify, active, keep, clock } = input;
  const count = features.recordCount;
  const buckets = findBuckets(bandKeys, count, banding.bands, active);
  const stats: NearDuplicateStats = { buckets: buckets.starts.length - 1, candidatePairs: 0, acceptedPairs: 0, rejectedPairs: 0, components: 0, verifyMilliseconds: 0 };

  // Shingle sets (or signatures, unverified) read once per record compared.
  const sets = new Map<number, Uint32Array>();
  const setOf = (record: number): Uint32Array => {
    let set = sets.get(record);
    if (set === undefined) {
      set = verify ? recordShingleSet(features, templateMask, record) : input.signatureOf(record);
      sets.set(record, set);
    }
    return set;
  };
  const similarity = (first: number, second: number): number => {
    if (!verify) {
      const a = setOf(first);
      return estimateJaccard(a, setOf(second), a.length);
    }
    const a = setOf(first);
    const b = setOf(second);
    return sizesAllow(a.length, b.length, threshold) ? jaccard(a, b) : 0;
  };

  const forest = createUnionFind(count);
  const rejected = new Set<number>();
  const compare = (first: number, second: number): boolean => {
    if (findRoot(forest, first) === findRoot(forest, second)) return true;
    const pair = first < second ? first * count + second : second * count + first;
    if (rejected.has(pair)) return false;
    stats.candidatePairs++;
    const started = clock?.() ?? 0;
    const value = similarity(first, second);
    if (clock !== undefined) stats.verifyMilliseconds += clock() - started;
    if (value >= threshold) {
      stats.acceptedPairs++;
      union(forest, first, second);
      return true;
    }
    stats.rejectedPairs++;
    rejected.add(pair);
    return false;
  };

  for (let bucket = 0; bucket + 1 < buckets.starts.length; bucket++) {
    const members = buckets.members.subarray(buckets.starts[bucket], buckets.starts[bucket + 1]);
    if (members.length <= ALL_PAIRS_LIMIT) {
      for (let i = 0; i < members.length; i++) for (let j = i + 1; j < members.length; j++) compare(members[i], members[j]);
      continue;
    }
    // A large bucket: compare with a pivot, then the records that did not join it with the next pivot.
    let rest = Array.from(members);
    while (rest.length > 1) {
      const pivot = rest[0];
      const next: number[] = [];
      for (let index = 1; index < rest.length; index++) if (!compare(pivot, rest[index])) next.push(rest[index]);
      rest = next;
    }
  }

  const components = new Map<number, number[]>();
  for (let record = 0; record < count; record++) {
    if (active[record] === 0) continue;
    const root = findRoot(forest, record);
    if (forest.size[root] < 2) continue;
    const component = components.get(root);
    if (component === undefined) components.set(root, [record]);
    else component.push(record);
  }
  stats.components = components.size;
  for (const component of components.values()) clusterComponent(component, similarity, threshold, keep, assignment);
  return stats;
}
