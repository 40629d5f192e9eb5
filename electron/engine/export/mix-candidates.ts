import { TOKENS_SCORE } from '../../../shared/filters/scores';
import type { MixCandidate } from '../../../shared/mix/pool';
import type { PipelineResult } from '../pipeline/pipeline-result';

/**
 * The records the pipeline kept (after review), as the sampler takes them. Tokens are the length
 * filter's measurement (a run that exports measures it even when the filter is off, and an export
 * after a run that did not measures it first: docs/scale.md, "Pay only for what is on"), so nothing is
 * tokenized twice; an edited record weighs what its re-check measured. `labels` names each record's
 * source as the recipe writes it (what `mix.sources` caps are keyed by).
 */
export function mixCandidatesOf(result: PipelineResult, labels: readonly string[]): MixCandidate[] {
  const { judgment, measured } = result;
  const tokens = measured.scores.get(TOKENS_SCORE);
  const candidates: MixCandidate[] = [];
  for (let record = 0; record < result.count; record++) {
    if (judgment.kept[record] !== 1) continue;
    const recheck = measured.rechecks.get(record);
    const counted = recheck !== undefined ? recheck.measurements.length.scores[TOKENS_SCORE] : tokens?.[record];
    candidates.push({
      key: measured.keys[record],
      source: labels[record],
      task: measured.tasks[record],
      role: measured.roles[record],
      // NaN or missing only if the length filter gave no count (it always does): weigh nothing rather than poison the sums.
      tokens: counted === undefined || Number.isNaN(counted) ? 0 : counted,
    });
  }
  return candidates;
}
