import type { KeepCriterion } from './settings';

/**
 * Duplicate clusters with a guard against chaining (docs/dedup-and-leakage.md, "Output"): union-find over verified pairs gives
 * connected components, but A~B and B~C does not make A~C, and a public dedup run once collapsed
 * 859,092 function-calling rows to 2 that way. So inside each component the best record by the
 * keep policy is kept, only the members similar (>= threshold) to *it* join its cluster, and the
 * rest are clustered again among themselves, best first.
 */

/** Why a cluster keeps the record it keeps. */
export type KeepReason = 'reward' | 'longest' | 'first';

/** One cluster of duplicates, for the Duplicates view. */
export interface DuplicateCluster {
  /** Index into {@link DedupAssignment.clusters}. */
  id: number;
  /** `exact`: equal normalized keys; `near`: Jaccard >= threshold, verified. */
  kind: 'exact' | 'near';
  /** The record kept. */
  kept: number;
  /** All members, the kept record first. */
  members: number[];
  /** Number of members (the kept record included). */
  size: number;
  /** Lowest and highest similarity of a member to the kept record (1 for exact clusters). */
  minSimilarity: number;
  maxSimilarity: number;
  /** The criterion that put the kept record ahead of the best other member. */
  reason: KeepReason;
}

/** Per-record dedup verdicts plus the clusters. */
export interface DedupAssignment {
  /** Cluster of each record, or -1. */
  cluster: Int32Array;
  /** The kept record a duplicate was dropped for, or -1 (kept records and records in no cluster). */
  duplicateOf: Int32Array;
  /** Similarity to the kept record (1 for the kept record itself and for exact duplicates; 0 when in no cluster). */
  similarity: Float32Array;
  clusters: DuplicateCluster[];
}

/** An empty assignment for `count` records. */
export function createAssignment(count: number): DedupAssignment {
  return {
    cluster: new Int32Array(count).fill(-1),
    duplicateOf: new Int32Array(count).fill(-1),
    similarity: new Float32Array(count),
    clusters: [],
  };
}

/**
 * The record that finally stands for `record`: exact groups are formed before near clusters, so an
 * exact duplicate may point to a record that is itself a near duplicate of another; this follows
 * `duplicateOf` to its end (the record itself when it is kept).
 */
export function finalKept(assignment: DedupAssignment, record: number): number {
  let current = record;
  for (let steps = 0; assignment.duplicateOf[current] !== -1 && steps < assignment.duplicateOf.length; steps++) current = assignment.duplicateOf[current];
  return current;
}

/** What the keep policy compares: reward (NaN when the record has none) and length per record. */
export interface KeepInputs {
  /** Reward per record; NaN when the record carries none (ranks below every reward). */
  rewards: Float64Array;
  /** Characters per record outside template turns. */
  lengths: Uint32Array;
  /** The criteria in order; the lowest index (first record) breaks the remaining ties. */
  criteria: readonly KeepCriterion[];
}

/** Orders two records by the keep policy: negative when `first` is the better one to keep. */
export function compareForKeep(inputs: KeepInputs, first: number, second: number): number {
  for (const criterion of inputs.criteria) {
    if (criterion === 'reward') {
      const a = Number.isNaN(inputs.rewards[first]) ? -Infinity : inputs.rewards[first];
      const b = Number.isNaN(inputs.rewards[second]) ? -Infinity : inputs.rewards[second];
      if (a !== b) return b - a > 0 ? 1 : -1;
    } else if (inputs.lengths[first] !== inputs.lengths[second]) return inputs.lengths[second] - inputs.lengths[first];
  }
  return first - second;
}

/** The criterion by which `kept` beats `runnerUp`. */
export function keepReason(inputs: KeepInputs, kept: number, runnerUp: number): KeepReason {
  for (const criterion of inputs.criteria) {
    if (criterion === 'reward') {
      const a = Number.isNaN(inputs.rewards[kept]) ? -Infinity : inputs.rewards[kept];
      const b = Number.isNaN(inputs.rewards[runnerUp]) ? -Infinity : inputs.rewards[runnerUp];
      if (a !== b) return 'reward';
    } else if (inputs.lengths[kept] !== inputs.lengths[runnerUp]) return 'longest';
  }
  return 'first';
}

/** Records one cluster in the assignment; `similarities[k]` belongs to `members[k]` (members[0] is kept). */
export function addCluster(
  assignment: DedupAssignment,
  kind: DuplicateCluster['kind'],
  members: number[],
  similarities: number[],
  reason: KeepReason,
): DuplicateCluster {
  const id = assignment.clusters.length;
  const kept = members[0];
  let minSimilarity = 1;
  let maxSimilarity = 0;
  for (let index = 0; index < members.length; index++) {
    const member = members[index];
    assignment.cluster[member] = id;
    assignment.similarity[member] = similarities[index];
    if (index > 0) {
      assignment.duplicateOf[member] = kept;
      minSimilarity = Math.min(minSimilarity, similarities[index]);
      maxSimilarity = Math.max(maxSimilarity, similarities[index]);
    }
  }
  const cluster: DuplicateCluster = { id, kind, kept, members, size: members.length, minSimilarity, maxSimilarity, reason };
  assignment.clusters.push(cluster);
  return cluster;
}

/**
 * Splits one connected component into guarded clusters: the best remaining record (by the keep
 * policy) is kept, the members with `similarity(kept, member) >= threshold` join it, and the
 * others start over. Each member is compared with the kept record directly, never through a
 * neighbour. Cost: members x clusters similarity calls.
 */
export function clusterComponent(
  component: readonly number[],
  similarity: (kept: number, member: number) => number,
  threshold: number,
  keep: KeepInputs,
  assignment: DedupAssignment,
): void {
  let remaining = [...component].sort((first, second) => compareForKeep(keep, first, second));
  while (remaining.length > 1) {
    const kept = remaining[0];
    const members = [kept];
    const similarities = [1];
    const rest: number[] = [];
    for (let index = 1; index < remaining.length; index++) {
      const member = remaining[index];
      const value = similarity(kept, member);
      if (value >= threshold) {
        members.push(member);
        similarities.push(value);
      } else rest.push(member);
    }
    if (members.length > 1) addCluster(assignment, 'near', members, similarities, keepReason(keep, kept, members[1]));
    remaining = rest;
  }
}
