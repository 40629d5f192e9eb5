/**
 * Where the grid's verdict columns come from: the pipeline (docs/recipe.md, "The pipeline: what a run does") fills them per record key.
 * Until a pipeline has run, {@link NO_VERDICTS} leaves them empty.
 */
export interface VerdictSource {
  /** Changes whenever any verdict changes (views cache on it). */
  readonly version: number;
  /** Kept or dropped, with the first reason; null when no pipeline has judged the record. */
  verdictOf(key: string): { kept: boolean; reason: string | null } | null;
  /** The near-duplicate cluster the record belongs to, or null. */
  clusterOf(key: string): number | null;
  /** The record's leakage score against the evaluation sets, or null. */
  leakageOf(key: string): number | null;
}

/** No pipeline has run: every verdict column is empty. */
export const NO_VERDICTS: VerdictSource = {
  version: 0,
  verdictOf: () => null,
  clusterOf: () => null,
  leakageOf: () => null,
};
