/**
 * The verdicts of every record as typed columns (docs/scale.md, "The review desk at 10M records"):
 * the stages' decision, which stages dropped or flagged, whether the record is kept, the record a
 * duplicate was dropped for, each filter's decisions; and no reason per record. A record's reasons
 * are worded when asked for ({@link Judgment.reasonsOf}): by each filter that did not keep it, from
 * the record's measurement and the settings judged with, then leakage, dedup and review, the same
 * words in the same order as when they were stored.
 */
import type { DedupAssignment } from '../../../shared/dedup/clusters';
import { FILTER_NAMES, judgeFilter, type FilterName } from '../../../shared/filters/index';
import type { LeakageSettings } from '../../../shared/leakage/settings';
import type { LeakageVerdict } from '../../../shared/leakage/scan';
import type { FinalDecision, VerdictReason } from '../../../shared/review/apply-review';
import { contextOf, firstRuleKey, KEEP, measurementOf, type FilterColumn } from './filter-columns';
import type { JudgeData, JudgeSettings } from './judge-data';

/** Bits of {@link Judgment.stageBits}: which stage dropped or flagged a record. */
export const STAGE_BITS = {
  filter: { drop: 1, flag: 2 },
  leakage: { drop: 4, flag: 8 },
  dedup: { drop: 16, flag: 0 },
} as const;

/** Why dedup dropped records: the cluster (its index in the assignment) and the member of it each stands for. */
export interface DuplicateReasons {
  assignment: DedupAssignment;
  threshold: number;
  /** Per record the index of the cluster it was dropped in, or -1. */
  cluster: Int32Array;
  /** The cluster member a dropped record stands in for, where it is not the record itself. */
  standsFor: Map<number, number>;
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

/** The verdicts of every record: see the module comment. */
export class Judgment {
  constructor(
    /** The measurements judged (a copy of the references: a later re-cluster does not change these verdicts). */
    private readonly data: JudgeData,
    private readonly settings: JudgeSettings,
    /** What the stages said, before review: KEEP, FLAG or DROP (filter-columns.ts). */
    readonly stages: Uint8Array,
    /** Per record, the {@link STAGE_BITS} of the stages that dropped or flagged it. */
    readonly stageBits: Uint8Array,
    /** 1 when the record goes on to the mix and export (after review). */
    readonly kept: Uint8Array,
    /** The record a duplicate was dropped for, or -1. */
    readonly duplicateOf: Int32Array,
    private readonly duplicates: DuplicateReasons | null,
    /** The review's decision, by record (only records with one). */
    readonly reviewed: Map<number, FinalDecision>,
    /** The review's reason, by record (only records with a decision). */
    private readonly reviewReasons: Map<number, VerdictReason>,
    /** Each filter's decisions and the settings they follow: a later judgment re-judges only the filters whose settings changed. */
    readonly filters: Record<FilterName, FilterColumn>,
  ) {}

  /** Whether dedup judged (and may have dropped) records. */
  get hasDuplicates(): boolean {
    return this.duplicates !== null;
  }

  /** Every reason of every stage for a record, and the review's when a review decided; empty when kept clean. */
  reasonsOf(record: number): VerdictReason[] {
    const reasons = this.stageReasonsOf(record, false);
    const review = this.reviewReasons.get(record);
    if (review !== undefined) reasons.push(review);
    return reasons;
  }

  /** The review's reason for a record, or null without a review decision. */
  reviewReasonOf(record: number): VerdictReason | null {
    return this.reviewReasons.get(record) ?? null;
  }

  /** The first of {@link reasonsOf}, worded alone, or null. */
  firstReasonOf(record: number): VerdictReason | null {
    return this.stageReasonsOf(record, true)[0] ?? this.reviewReasons.get(record) ?? null;
  }

  /**
   * A number that stands for the text of {@link firstReasonOf} (equal numbers, equal texts), so a
   * view can group records by it without wording each; NaN where no such number is cheap.
   */
  firstReasonKey(record: number): number {
    for (let filter = 0; filter < FILTER_NAMES.length; filter++) {
      const column = this.filters[FILTER_NAMES[filter]];
      if (column.decisions === null || column.decisions[record] === KEEP) continue;
      const rules = column.rules?.[record] ?? 0;
      return rules === 0 ? Number.NaN : firstRuleKey(this.data, record, rules) * FILTER_NAMES.length + filter;
    }
    return Number.NaN;
  }

  /** The reasons of the stages (before review); only the first when `first`. */
  stageReasonsOf(record: number, first: boolean): VerdictReason[] {
    const reasons: VerdictReason[] = [];
    const bits = this.stageBits[record];
    const { data, settings } = this;
    if ((bits & (STAGE_BITS.filter.drop | STAGE_BITS.filter.flag)) !== 0) {
      for (const filter of FILTER_NAMES) {
        const decisions = this.filters[filter].decisions;
        if (decisions === null || decisions[record] === KEEP) continue;
        const outcome = judgeFilter(filter, measurementOf(data, record, filter) as never, contextOf(data, record), settings.filters);
        for (const reason of outcome.reasons) reasons.push({ stage: reason.stage, rule: reason.rule, message: reason.message });
        if (first && reasons.length > 0) return reasons;
      }
    }
    if ((bits & (STAGE_BITS.leakage.drop | STAGE_BITS.leakage.flag)) !== 0) {
      const verdict = leakageOf(data, record);
      if (verdict !== null) reasons.push(leakageReason(verdict, settings.leakage));
      if (first && reasons.length > 0) return reasons;
    }
    const duplicate = this.duplicates === null ? -1 : this.duplicates.cluster[record];
    if (this.duplicates !== null && duplicate !== -1) reasons.push(duplicateReason(data, this.duplicates, record, duplicate, this.duplicateOf[record]));
    return reasons;
  }
}

/** The dedup reason of a record dropped in cluster `index` for record `standing`. */
function duplicateReason(data: JudgeData, duplicates: DuplicateReasons, member: number, index: number, standing: number): VerdictReason {
  const cluster = duplicates.assignment.clusters[index];
  const original = duplicates.standsFor.get(member) ?? member;
  const similarity = duplicates.assignment.similarity[original];
  const promoted = standing !== cluster.kept ? `; ${data.keys[cluster.kept]}, the cluster's best record, was dropped by another stage` : '';
  const message =
    cluster.kind === 'exact'
      ? `exact duplicate of ${data.keys[standing]} (cluster ${cluster.id}, kept by ${cluster.reason})${promoted}`
      : `near duplicate of ${data.keys[standing]}: Jaccard ${similarity.toFixed(3)} ≥ ${duplicates.threshold} to the cluster's best record (cluster ${cluster.id}, kept by ${cluster.reason})${promoted}`;
  return { stage: 'dedup', rule: `dedup.${cluster.kind}`, message };
}
