/**
 * Which recipe changes need the pipeline to read the shards again (docs/ui.md: a change that needs a
 * re-run says so), and which only need the stored measurements re-judged or the stored features
 * re-clustered.
 */
import { needsRemeasure } from '../../../shared/filters/index';
import type { Recipe } from '../../../shared/recipe/schema';

/** Stable JSON of a value, for comparing settings. */
function same(first: unknown, second: unknown): boolean {
  return JSON.stringify(first) === JSON.stringify(second);
}

/**
 * The reasons a change from `before` to `after` needs a re-run (reading the shards again), one
 * sentence each; empty when `rejudge` can apply it. Measurement-changing settings: the sources,
 * the evaluation sets, each filter's `measureKeys`, the reward scores file, the shingle size, the
 * MinHash permutations and seed, and the leakage index (n-gram size, common-n-gram cut-off, short
 * items) or switching dedup or leakage on when the run did not compute them.
 */
export function needsRerun(before: Recipe, after: Recipe): string[] {
  const reasons: string[] = [];
  if (!same(before.sources, after.sources)) reasons.push('the sources changed');
  for (const name of needsRemeasure(before.filters, after.filters)) reasons.push(`filters.${name}: a setting that changes what the filter measures changed`);
  if (before.filters.reward.scores !== after.filters.reward.scores) reasons.push('filters.reward.scores: the scores file changed');
  const beforeNear = before.dedup.near;
  const afterNear = after.dedup.near;
  if (beforeNear.shingle !== afterNear.shingle) reasons.push('dedup.near.shingle: shingles are computed while reading');
  const signed = before.dedup.enabled && beforeNear.enabled;
  if (afterNear.enabled && after.dedup.enabled && (!signed || beforeNear.permutations !== afterNear.permutations || beforeNear.seed !== afterNear.seed)) {
    reasons.push('dedup.near: MinHash signatures are computed while reading (permutations, seed, or near dedup switched on)');
  }
  const leakageRan = before.leakage.enabled && before.evalSets.length > 0;
  if (after.leakage.enabled && after.evalSets.length > 0) {
    if (!leakageRan) reasons.push('leakage: the check did not run (it was off or had no evaluation sets)');
    else {
      if (!same(before.evalSets, after.evalSets)) reasons.push('evalSets: the evaluation sets changed');
      for (const key of ['ngram', 'maxItemsPerNgram', 'minItemWords'] as const) {
        if (before.leakage[key] !== after.leakage[key]) reasons.push(`leakage.${key}: the evaluation index is built from it`);
      }
    }
  }
  if (!same(before.review, after.review)) reasons.push('review: the review files changed');
  return reasons;
}

/** Whether a change needs the stored features clustered again (no shard is read). */
export function needsRecluster(before: Recipe, after: Recipe): boolean {
  const { enabled: beforeEnabled, ...beforeDedup } = before.dedup;
  const { enabled: afterEnabled, ...afterDedup } = after.dedup;
  return afterEnabled && (!beforeEnabled || !same(beforeDedup, afterDedup) || before.leakage.skipTemplates !== after.leakage.skipTemplates);
}
