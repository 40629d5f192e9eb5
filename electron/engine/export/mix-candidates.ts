import type { MixCandidate } from '../../../shared/mix/pool';
import type { PipelineResult } from '../pipeline/pipeline-result';

/** The score of the length filter that counts a whole conversation's Llama-2 tokens (chat template included). */
const TOKENS_SCORE = 'tokens';

/**
 * The records the pipeline kept (after review), as the sampler takes them. Tokens are the length
 * filter's measurement from the run (every filter is measured even when switched off), so nothing is
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
