/**
 * The `pipeline-measure` task of the curation pipeline (docs/recipe.md, "The pipeline: what a run does"): one range of records of
 * one source, read by byte range (or Parquet rows), parsed, normalized, measured by the filters it names,
 * tokenized once into dedup features (and MinHash-signed) and scanned for leakage. Results come
 * back in columns; the engine merges ranges in row order, so the result never depends on how many
 * workers ran them.
 */
import type { FeaturesInMemory } from '../../shared/dedup/features';
import type { FilterName, FilterSettings, Reason, ScoreName } from '../../shared/filters/index';
import type { Mapping } from '../../shared/formats/mapping-schema';
import type { FormatName } from '../../shared/formats/types';
import type { NgramIndex } from '../../shared/leakage/ngram-index';
import type { LeakageVerdict } from '../../shared/leakage/scan';

/** Feature work a range does: features (template turns, exact keys, shingles), signatures when near dedup is on. */
export interface RangeDedupWork {
  /** Words per shingle. */
  shingle: number;
  /** MinHash permutations and seed; null when near dedup is off (no signatures). */
  minHash: { permutations: number; seed: number } | null;
  /** Signatures of every record of the run (k per record), in a SharedArrayBuffer; this range writes from `first`. */
  signatures: Uint32Array | null;
  first: number;
}

/** Leakage work a range does. */
export interface RangeLeakageWork {
  /** The evaluation n-gram index (its arrays live in SharedArrayBuffers: shared, not copied). */
  index: NgramIndex;
  /** Names the index, so that a worker builds its scanner once per index. */
  indexId: number;
}

/** One range of records of one source. */
export interface PipelineMeasureRequest {
  kind: 'pipeline-measure';
  path: string;
  /** How the file holds records: byte ranges of JSON, or Parquet rows. */
  container: 'json' | 'parquet';
  format: FormatName;
  /** The source's mapping (docs/formats.md, "Mappings"), null when it has none. */
  mapping: Mapping | null;
  /** The source's task for records that name none, and its role (the filters' context). */
  task: string | null;
  role: 'agent' | 'general';
  /** Record i: bytes `[starts[i], starts[i] + lengths[i])` of the file (Parquet: row `starts[i]`). */
  starts: Float64Array;
  lengths: Uint32Array;
  /** Rewards joined from a scores file, NaN where none (null: no scores file). */
  externalRewards: Float64Array | null;
  filters: FilterSettings;
  /** The filters to measure (the enabled ones and those another stage reads): docs/scale.md, "Pay only for what is on". */
  measure: readonly FilterName[];
  /** Null when neither dedup nor leakage runs (no features needed). */
  dedup: RangeDedupWork | null;
  /** Null when leakage is off or there are no evaluation items. */
  leakage: RangeLeakageWork | null;
}

/** Evidence of one filter for one record (sparse: most records have none). */
export interface RangeEvidence {
  record: number;
  filter: FilterName;
  evidence: Record<string, Reason>;
}

/** The leakage verdict of one record with a match (sparse: most records have none). */
export interface RangeLeakage {
  record: number;
  verdict: LeakageVerdict;
}

/** The columns of one range. */
export interface PipelineMeasureResult {
  count: number;
  /** Score name → value per record (NaN where the filter gave no such score): the scores of the measured filters. */
  scores: Partial<Record<ScoreName, Float64Array>>;
  /** Where scores were found (`Measurement.places`, -1: none), for the scores that have them. */
  places: Partial<Record<ScoreName, Int32Array>>;
  evidence: RangeEvidence[];
  /** Per-turn features (template turns, exact keys, shingles); null when `dedup` was null. */
  features: FeaturesInMemory | null;
  leakage: RangeLeakage[];
  /** Milliseconds spent per part, for the bench: read+parse, filters, dedup+leakage pass, signatures. */
  timings: { read: number; filters: number; features: number; signatures: number };
}
