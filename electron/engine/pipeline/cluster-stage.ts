/**
 * The merge stage on the engine thread: template turns per source (now that every record of each
 * source has been seen), exact and near dedup across sources, and leakage verdicts without the
 * template turns. Runs after the measure stage, and again from the stored features (no shard read)
 * when dedup settings change.
 */
import { deduplicate, type DedupResult, type SourceRange } from '../../../shared/dedup/dedup';
import type { DedupFeatures, ShingleStore } from '../../../shared/dedup/features';
import { findTemplateTurns, markTemplateTurns } from '../../../shared/dedup/templates';
import { withoutTurns, type LeakageVerdict } from '../../../shared/leakage/scan';
import type { Recipe } from '../../../shared/recipe/schema';

/** What the stage needs from the measure stage. */
export interface ClusterInput {
  features: DedupFeatures | null;
  /** MinHash signatures of every record over every turn, in memory or on disk (null: near dedup off). */
  signatures: Uint32Array | ShingleStore | null;
  /** Each source's records. */
  sources: readonly SourceRange[];
  /** Reward per record (NaN: none), for the keep policy. */
  rewards: Float64Array;
  /** Leakage verdicts with a match, every turn scanned. */
  rawLeakage: ReadonlyMap<number, LeakageVerdict>;
}

/** What it decides. */
export interface ClusterOutput {
  /** Null when dedup is off or there are no features. */
  dedup: DedupResult | null;
  /** 1 per template turn of the features (empty without features). */
  templateMask: Uint8Array;
  /** Leakage verdicts with a match left once template turns are out (when `leakage.skipTemplates`). */
  leakage: Map<number, LeakageVerdict>;
  milliseconds: { templates: number; dedup: number };
}

/** Runs the stage with the recipe's dedup and leakage settings. */
export function clusterRecords(input: ClusterInput, recipe: Recipe): ClusterOutput {
  const started = performance.now();
  const { features } = input;
  let templateMask = new Uint8Array(0);
  if (features !== null) {
    templateMask = new Uint8Array(features.turnRoles.length);
    for (const source of input.sources) markTemplateTurns(features, findTemplateTurns(features, recipe.dedup.templates, source.from, source.to), source.from, source.to, templateMask);
  }
  const leakage = new Map<number, LeakageVerdict>();
  for (const [record, verdict] of input.rawLeakage) {
    const kept = recipe.leakage.skipTemplates && features !== null ? withoutTurns(verdict, templateMask, features.recordTurns[record]) : verdict;
    if (kept.matches.length > 0) leakage.set(record, kept);
  }
  const templatesDone = performance.now();
  let dedup: DedupResult | null = null;
  if (recipe.dedup.enabled && features !== null && features.recordCount > 0) {
    dedup = deduplicate(
      { features, sources: input.sources, rewards: input.rewards, signatures: input.signatures ?? undefined, clock: () => performance.now() },
      { ...recipe.dedup, near: { ...recipe.dedup.near, enabled: recipe.dedup.near.enabled && input.signatures !== null } },
    );
  }
  return { dedup, templateMask, leakage, milliseconds: { templates: templatesDone - started, dedup: performance.now() - templatesDone } };
}
