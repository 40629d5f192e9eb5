/** What a partial says about itself (docs/scale.md, "Shards"): partial-run.ts writes and checks it. */
import type { FilterName, ScoreName } from '../../../shared/filters/index';
import type { SliceColumns } from './run-pipeline';

/** Shard `index` of `count` (0-based). */
export interface ShardSlice {
  index: number;
  count: number;
}

/** What a run's records were measured from. */
export interface RunFingerprint {
  /** SHA-256 of the recipe as parsed (defaults filled in, stable key order). */
  recipe: string;
  /**
   * Per source file: the SHA-256 of its bytes, record count and a SHA-256 of its record keys identify
   * it; the path, size and time only say how it differs (a copy elsewhere, or touched, is the same).
   */
  sources: { path: string; sha256: string; size: number; mtimeMs: number; records: number; keys: string }[];
  /** The evaluation items indexed for the leakage scan (null: no scan). */
  evalItems: { count: number; sha256: string } | null;
  /** SHA-256 of the rewards joined from the scores file (null: none). */
  rewards: string | null;
}

/** The header of a partial (besides the section table). */
export interface PartialHeader {
  kind: 'agentmix partial';
  app: { name: string; version: string };
  recipeFile: string;
  fingerprint: RunFingerprint;
  slice: ShardSlice & { from: number; to: number; total: number };
  measure: FilterName[];
  scores: ScoreName[];
  places: ScoreName[];
  /** Turns and shingles of the slice's features, or null without features. */
  features: { turns: number; shingles: number } | null;
  /** MinHash permutations per signature, or null without signatures. */
  permutations: number | null;
  workerTimings: SliceColumns['columns']['workerTimings'];
}

