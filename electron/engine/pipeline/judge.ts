/**
 * Judging: turns the stored measurements of a run into verdicts with the current settings, without
 * reading a shard (docs/filters.md, "How a filter runs: measure once, judge live"). Cheap enough to
 * run on every threshold move: each filter's decisions are a column (filter-columns.ts), and a move
 * re-judges only the filters whose settings changed; then the stages are combined over typed arrays:
 * the filters' columns, the leakage thresholds on the stored verdicts (only records with a match),
 * dedup on the stored clusters, then the review rules. No reason is stored per record: judgment.ts
 * words them when asked (docs/scale.md, "The review desk at 10M records").
 *
 * Dedup and the other stages: clusters are found once over all records, but a duplicate only stands
 * for a record that is itself kept. In each cluster (exact clusters first, then near) the best member
 * by the keep policy that survives the filters and the leakage check stays, and the other surviving
 * members are dropped as its duplicates; so thresholds can move without re-clustering, and the
 * duplicates of a dropped record are not lost with it.
 */
import { FILTER_NAMES, type FilterName, type Measurements } from '../../../shared/filters/index';
import { isLeaked } from '../../../shared/leakage/scan';
import type { LeakageSettings } from '../../../shared/leakage/settings';
import { applyReview, type FinalDecision, type VerdictReason } from '../../../shared/review/apply-review';
import { DROP, FLAG, filterSettingsKey, judgeFilterColumn, KEEP, measurementOf, type FilterColumn } from './filter-columns';
import type { JudgeData, JudgeSettings } from './judge-data';
import { Judgment, leakageOf, STAGE_BITS, type DuplicateReasons } from './judgment';

export { DROP, FLAG, KEEP } from './filter-columns';
export { Judgment, leakageOf, STAGE_BITS } from './judgment';
export type { JudgeData, JudgeSettings } from './judge-data';

/** The measurements of record `record`, rebuilt from the columns. */
export function measurementsOf(data: JudgeData, record: number): Measurements {
  return Object.fromEntries(FILTER_NAMES.map((filter) => [filter, measurementOf(data, record, filter)])) as unknown as Measurements;
}

/** The stages' decision of every record from the filters' columns (the worst decision wins: DROP > FLAG > KEEP). */
function combineFilters(count: number, filters: Record<FilterName, FilterColumn>): Uint8Array {
  const stages = new Uint8Array(count);
  for (const filter of FILTER_NAMES) {
    const decisions = filters[filter].decisions;
    if (decisions === null) continue;
    for (let record = 0; record < count; record++) if (decisions[record] > stages[record]) stages[record] = decisions[record];
  }
  return stages;
}

/** The leakage stage over the records with a match (re-checked ones by their re-check). */
function judgeLeakage(data: JudgeData, settings: LeakageSettings, stages: Uint8Array, stageBits: Uint8Array): void {
  if (!settings.enabled) return;
  const decision = settings.action === 'drop' ? DROP : FLAG;
  const bit = settings.action === 'drop' ? STAGE_BITS.leakage.drop : STAGE_BITS.leakage.flag;
  const check = (record: number): void => {
    const leaked = leakageOf(data, record);
    if (leaked === null || !isLeaked(leaked, settings.threshold, settings.minItemCoverage)) return;
    if (decision > stages[record]) stages[record] = decision;
    stageBits[record] |= bit;
  };
  for (const record of data.leakage.keys()) if (!data.rechecks.has(record)) check(record);
  for (const record of data.rechecks.keys()) check(record);
}

/** Judges every record with `settings`; with `previous`, filters whose settings did not change keep their decisions. */
export function judge(data: JudgeData, settings: JudgeSettings, previous?: Judgment): Judgment {
  const { count } = data;
  // The references judged, copied: the result's later re-cluster replaces its own, not these.
  const judged: JudgeData = { ...data };
  const filters = {} as Record<FilterName, FilterColumn>;
  for (const filter of FILTER_NAMES) {
    const before = previous?.filters[filter];
    filters[filter] = before !== undefined && before.settings === filterSettingsKey(data, filter, settings.filters) ? before : judgeFilterColumn(data, filter, settings.filters);
  }
  const stages = combineFilters(count, filters);
  const stageBits = new Uint8Array(count);
  for (let record = 0; record < count; record++) {
    const decision = stages[record];
    if (decision !== KEEP) stageBits[record] = decision === DROP ? STAGE_BITS.filter.drop : STAGE_BITS.filter.flag;
  }
  judgeLeakage(data, settings.leakage, stages, stageBits);
  let duplicateOf: Int32Array;
  let duplicates: DuplicateReasons | null = null;
  if (settings.dedup.enabled && data.dedup !== null) {
    duplicateOf = new Int32Array(count).fill(-1);
    duplicates = { assignment: data.dedup, threshold: settings.dedup.threshold, cluster: new Int32Array(count).fill(-1), standsFor: new Map() };
    judgeDuplicates(duplicates, stages, duplicateOf);
    for (let record = 0; record < count; record++) if (duplicateOf[record] !== -1) stageBits[record] |= STAGE_BITS.dedup.drop;
  } else {
    // No duplicate: an earlier judgment's empty column serves (none is ever written to).
    duplicateOf = previous !== undefined && previous.duplicateOf.length === count && !previous.hasDuplicates ? previous.duplicateOf : new Int32Array(count).fill(-1);
  }
  const kept = new Uint8Array(count);
  for (let record = 0; record < count; record++) kept[record] = stages[record] === DROP ? 0 : 1;
  const reviewed = new Map<number, FinalDecision>();
  const reviewReasons = new Map<number, VerdictReason>();
  const judgment = new Judgment(judged, settings, stages, stageBits, kept, duplicateOf, duplicates, reviewed, reviewReasons, filters);
  for (const [record, decision] of data.review) {
    const final = applyReview({ kept: stages[record] !== DROP, reasons: judgment.stageReasonsOf(record, false) }, decision, { overrideLeakage: settings.overrideLeakage });
    kept[record] = final.included ? 1 : 0;
    reviewed.set(record, final);
    reviewReasons.set(record, { stage: 'review', rule: decision.decision === 'reject' ? 'review.reject' : final.override ? 'review.override' : 'review.accept', message: final.why });
  }
  return judgment;
}

/** Applies the clusters: see the module comment. */
function judgeDuplicates(duplicates: DuplicateReasons, stages: Uint8Array, duplicateOf: Int32Array): void {
  const { assignment } = duplicates;
  // An exact cluster's kept record that another stage dropped is replaced, in later (near) clusters,
  // by the member of its exact cluster that stands for it.
  const standIn = new Map<number, number>();
  assignment.clusters.forEach((cluster, index) => {
    let standing = -1;
    for (const original of cluster.members) {
      const member = standIn.get(original) ?? original;
      if (stages[member] === DROP) continue;
      if (standing === -1) {
        standing = member;
        continue;
      }
      if (member === standing) continue;
      duplicateOf[member] = standing;
      stages[member] = DROP;
      duplicates.cluster[member] = index;
      if (member !== original) duplicates.standsFor.set(member, original);
    }
    if (cluster.kind === 'exact' && standing !== -1 && standing !== cluster.kept) standIn.set(cluster.kept, standing);
  });
}
