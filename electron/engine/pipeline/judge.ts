/**
 * Judging: turns the stored measurements of a run into verdicts with the current settings, without
 * reading a shard (docs/filters.md, "How a filter runs: measure once, judge live"). Cheap enough to run on every threshold move: filters'
 * `judge()` on measurements rebuilt from the score columns, the leakage thresholds on stored scores,
 * dedup on the stored clusters, then the review rules.
 *
 * Dedup and the other stages: clusters are found once over all records, but a duplicate only stands
 * for a record that is itself kept. In each cluster (exact clusters first, then near) the best member
 * by the keep policy that survives the filters and the leakage check stays, and the other surviving
 * members are dropped as its duplicates; so thresholds can move without re-clustering, and the
 * duplicates of a dropped record are not lost with it.
 */
import type { DedupAssignment } from '../../../shared/dedup/clusters';
import {
  combineOutcomes,
  FILTER_NAMES,
  FILTER_SCORES,
  judgeFilter,
  type FilterContext,
  type FilterName,
  type FilterSettings,
  type Measurement,
  type Measurements,
  type Outcome,
  type Reason,
  type ScoreName,
} from '../../../shared/filters/index';
import { isLeaked, type LeakageVerdict } from '../../../shared/leakage/scan';
import type { LeakageSettings } from '../../../shared/leakage/settings';
import { applyReview, type FinalDecision, type VerdictReason } from '../../../shared/review/apply-review';
import type { ReviewEntry } from '../../../shared/review/review-line';

/** A stage's decision on a record, in a byte. */
export const KEEP = 0;
export const FLAG = 1;
export const DROP = 2;

/** Bits of {@link Judgment.stageBits}: which stage dropped or flagged a record. */
export const STAGE_BITS = {
  filter: { drop: 1, flag: 2 },
  leakage: { drop: 4, flag: 8 },
  dedup: { drop: 16, flag: 0 },
} as const;

/** The measurements of a run, as judging reads them. */
export interface JudgeData {
  count: number;
  keys: readonly string[];
  roles: readonly ('agent' | 'general')[];
  tasks: readonly (string | null)[];
  scores: ReadonlyMap<ScoreName, Float64Array>;
  /** Where scores were found (-1: none). */
  places: ReadonlyMap<ScoreName, Int32Array>;
  /** The filters the run measured: the others keep every record (docs/scale.md, "Pay only for what is on"). */
  measuredFilters: ReadonlySet<FilterName>;
  evidence: ReadonlyMap<number, Partial<Record<FilterName, Record<string, Reason>>>>;
  /** Leakage verdicts with a match, template turns already taken out. */
  leakage: ReadonlyMap<number, LeakageVerdict>;
  /** Null when dedup did not run. */
  dedup: DedupAssignment | null;
  /** Re-checked edited records (review accepts with an edit), by record. */
  rechecks: ReadonlyMap<number, { measurements: Measurements; leakage: LeakageVerdict | null }>;
  /** Review decisions, by record. */
  review: ReadonlyMap<number, ReviewEntry>;
}

/** The settings judging applies (all cheap to change). */
export interface JudgeSettings {
  filters: FilterSettings;
  leakage: LeakageSettings;
  dedup: { enabled: boolean; threshold: number };
  overrideLeakage: boolean;
}

/** The verdicts of every record. */
export interface Judgment {
  /** What the stages said, before review: {@link KEEP}, {@link FLAG} or {@link DROP}. */
  stages: Uint8Array;
  /** Per record, the {@link STAGE_BITS} of the stages that dropped or flagged it. */
  stageBits: Uint8Array;
  /** 1 when the record goes on to the mix and export (after review). */
  kept: Uint8Array;
  /** Every reason of every stage, and the review's when a review decided; empty when kept clean. */
  reasons: VerdictReason[][];
  /** The record a duplicate was dropped for, or -1. */
  duplicateOf: Int32Array;
  /** The review's decision, by record (only records with one). */
  reviewed: Map<number, FinalDecision>;
  /**
   * Each filter's outcome per record (null: kept) and the settings it was judged with: a later
   * judgment re-judges only the filters whose settings changed (a threshold drag moves one).
   */
  filters: Record<FilterName, { settings: string; outcomes: Map<number, Outcome> }>;
}

/**
 * The reasons of every record without one: shared and frozen, so a million kept records cost no
 * array each (docs/scale.md, "Bounded memory"). {@link addReason} gives a record its own list.
 */
const NO_REASONS: VerdictReason[] = Object.freeze([]) as unknown as VerdictReason[];

/** Appends a reason to a record's list, giving the record a list of its own first. */
function addReason(reasons: VerdictReason[][], record: number, reason: VerdictReason): void {
  if (reasons[record] === NO_REASONS) reasons[record] = [reason];
  else reasons[record].push(reason);
}

/** Each filter's score columns (those it declares and the run stored), so its measurement can be rebuilt from them. */
function columnsByFilter(data: JudgeData): Record<FilterName, [ScoreName, Float64Array][]> {
  const byFilter = {} as Record<FilterName, [ScoreName, Float64Array][]>;
  for (const filter of FILTER_NAMES) {
    byFilter[filter] = [];
    for (const name of FILTER_SCORES[filter]) {
      const column = data.scores.get(name);
      if (column !== undefined) byFilter[filter].push([name, column]);
    }
  }
  return byFilter;
}

/** One filter's measurement of record `record`, rebuilt from the columns (a score that is NaN was not given). */
function measurementOf(data: JudgeData, record: number, filter: FilterName, columns: readonly [ScoreName, Float64Array][]): Measurement<ScoreName> {
  const recheck = data.rechecks.get(record);
  if (recheck !== undefined) return recheck.measurements[filter];
  const scores: Partial<Record<ScoreName, number>> = {};
  let places: Partial<Record<ScoreName, number>> | undefined;
  for (const [name, column] of columns) {
    const value = column[record];
    if (!Number.isNaN(value)) scores[name] = value;
    const place = data.places.get(name)?.[record];
    if (place !== undefined && place >= 0) (places ??= {})[name] = place;
  }
  const measurement: Measurement<ScoreName> = places === undefined ? { scores } : { scores, places };
  const found = data.evidence.get(record)?.[filter];
  if (found !== undefined) measurement.evidence = found;
  return measurement;
}

/** The measurements of record `record`, rebuilt from the columns. */
export function measurementsOf(data: JudgeData, record: number): Measurements {
  const columns = columnsByFilter(data);
  return Object.fromEntries(FILTER_NAMES.map((filter) => [filter, measurementOf(data, record, filter, columns[filter])])) as unknown as Measurements;
}

/** One filter's outcomes, by record, for the records it does not keep (sparse: docs/scale.md, "Bounded memory"). */
function judgeOneFilter(data: JudgeData, filter: FilterName, columns: readonly [ScoreName, Float64Array][], settings: FilterSettings): Map<number, Outcome> {
  const outcomes = new Map<number, Outcome>();
  if (!data.measuredFilters.has(filter)) return outcomes;
  // One context object, refilled per record: filters read it during the call and keep nothing of it.
  const context: FilterContext = { role: 'general', task: null };
  for (let record = 0; record < data.count; record++) {
    context.role = data.roles[record];
    context.task = data.tasks[record];
    // Each filter reads the scores it declares: the union type is narrowed by the filter's name.
    const outcome = judgeFilter(filter, measurementOf(data, record, filter, columns) as never, context, settings);
    if (outcome.decision !== 'keep') outcomes.set(record, outcome);
  }
  return outcomes;
}

/** The leakage verdict of a record (re-checked when edited), or null without a match. */
export function leakageOf(data: JudgeData, record: number): LeakageVerdict | null {
  const recheck = data.rechecks.get(record);
  if (recheck !== undefined) return recheck.leakage;
  return data.leakage.get(record) ?? null;
}

/** The leakage reason of a verdict that crosses the thresholds. */
function leakageReason(verdict: LeakageVerdict, settings: LeakageSettings): VerdictReason {
  const best = verdict.matches[0];
  const item = best === undefined ? 'an evaluation item' : `${best.evalSet} item ${best.evalItem}`;
  const share = `${Math.round(verdict.score * 100)}% of turn ${best?.turn ?? '?'} is covered by ${settings.ngram}-grams shared with ${item}`;
  const coverage = `${Math.round(verdict.itemCoverage * 100)}% of the item's words appear in the turn`;
  return { stage: 'leakage', rule: 'leakage.ngram-overlap', message: `${share}; ${coverage} (thresholds: turn share ${settings.threshold}, item coverage ${settings.minItemCoverage})` };
}

/** Judges every record with `settings`; with `previous`, filters whose settings did not change keep their outcomes. */
export function judge(data: JudgeData, settings: JudgeSettings, previous?: Judgment): Judgment {
  const { count } = data;
  const columns = columnsByFilter(data);
  const filters = {} as Judgment['filters'];
  for (const filter of FILTER_NAMES) {
    const key = `${data.measuredFilters.has(filter) ? 'measured' : 'not measured'} ${JSON.stringify(settings.filters[filter])}`;
    const before = previous?.filters[filter];
    if (before !== undefined && before.settings === key) {
      filters[filter] = before;
      continue;
    }
    filters[filter] = { settings: key, outcomes: judgeOneFilter(data, filter, columns[filter], settings.filters) };
  }
  const stages = new Uint8Array(count);
  const stageBits = new Uint8Array(count);
  const reasons: VerdictReason[][] = new Array(count);
  const outcomes: Outcome[] = [];
  for (let record = 0; record < count; record++) {
    outcomes.length = 0;
    for (const filter of FILTER_NAMES) {
      const outcome = filters[filter].outcomes.get(record);
      if (outcome !== undefined) outcomes.push(outcome);
    }
    const list: VerdictReason[] = [];
    let decision = KEEP;
    if (outcomes.length > 0) {
      const combined = combineOutcomes(outcomes);
      for (const reason of combined.reasons) list.push({ stage: reason.stage, rule: reason.rule, message: reason.message });
      decision = combined.decision === 'drop' ? DROP : combined.decision === 'flag' ? FLAG : KEEP;
    }
    let bits = decision === DROP ? STAGE_BITS.filter.drop : decision === FLAG ? STAGE_BITS.filter.flag : 0;
    const leaked = settings.leakage.enabled ? leakageOf(data, record) : null;
    if (leaked !== null && isLeaked(leaked, settings.leakage.threshold, settings.leakage.minItemCoverage)) {
      list.push(leakageReason(leaked, settings.leakage));
      decision = Math.max(decision, settings.leakage.action === 'drop' ? DROP : FLAG);
      bits |= settings.leakage.action === 'drop' ? STAGE_BITS.leakage.drop : STAGE_BITS.leakage.flag;
    }
    stages[record] = decision;
    stageBits[record] = bits;
    reasons[record] = list.length === 0 ? NO_REASONS : list;
  }
  const duplicateOf = new Int32Array(count).fill(-1);
  if (settings.dedup.enabled && data.dedup !== null) judgeDuplicates(data, data.dedup, stages, reasons, duplicateOf, settings.dedup.threshold);
  for (let record = 0; record < count; record++) if (duplicateOf[record] !== -1) stageBits[record] |= STAGE_BITS.dedup.drop;
  const kept = new Uint8Array(count);
  for (let record = 0; record < count; record++) kept[record] = stages[record] === DROP ? 0 : 1;
  const reviewed = new Map<number, FinalDecision>();
  for (const [record, decision] of data.review) {
    const final = applyReview({ kept: stages[record] !== DROP, reasons: reasons[record] }, decision, { overrideLeakage: settings.overrideLeakage });
    kept[record] = final.included ? 1 : 0;
    reviewed.set(record, final);
    addReason(reasons, record, { stage: 'review', rule: decision.decision === 'reject' ? 'review.reject' : final.override ? 'review.override' : 'review.accept', message: final.why });
  }
  return { stages, stageBits, kept, reasons, duplicateOf, reviewed, filters };
}

/** Applies the clusters: see the module comment. */
function judgeDuplicates(data: JudgeData, assignment: DedupAssignment, stages: Uint8Array, reasons: VerdictReason[][], duplicateOf: Int32Array, threshold: number): void {
  // An exact cluster's kept record that another stage dropped is replaced, in later (near) clusters,
  // by the member of its exact cluster that stands for it.
  const standIn = new Map<number, number>();
  for (const cluster of assignment.clusters) {
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
      const similarity = assignment.similarity[original];
      const promoted = standing !== cluster.kept ? `; ${data.keys[cluster.kept]}, the cluster's best record, was dropped by another stage` : '';
      const message =
        cluster.kind === 'exact'
          ? `exact duplicate of ${data.keys[standing]} (cluster ${cluster.id}, kept by ${cluster.reason})${promoted}`
          : `near duplicate of ${data.keys[standing]}: Jaccard ${similarity.toFixed(3)} ≥ ${threshold} to the cluster's best record (cluster ${cluster.id}, kept by ${cluster.reason})${promoted}`;
      addReason(reasons, member, { stage: 'dedup', rule: `dedup.${cluster.kind}`, message });
    }
    if (cluster.kind === 'exact' && standing !== -1 && standing !== cluster.kept) standIn.set(cluster.kept, standing);
  }
}
