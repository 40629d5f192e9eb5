/** What judging reads and applies (judge.ts): the stored measurements of a run and the cheap settings. */
import type { DedupAssignment } from '../../../shared/dedup/clusters';
import type { FilterName, FilterSettings, Measurements, Reason, ScoreName } from '../../../shared/filters/index';
import type { LeakageVerdict } from '../../../shared/leakage/scan';
import type { LeakageSettings } from '../../../shared/leakage/settings';
import type { ReviewEntry } from '../../../shared/review/review-line';

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
