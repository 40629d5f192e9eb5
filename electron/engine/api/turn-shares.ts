import type { PipelineResult } from '../pipeline/pipeline-result';

/**
 * For each turn of a record, how many records of its source hold the same turn (docs/ui.md,
 * "Template turns"): the task prompt AgentInstruct repeats in every record of a task, a shared
 * system prompt. Counted only for the turns the last pipeline run marked as templates (0 for the
 * others), from the run's per-turn text keys; null when no run judged the record or the run kept
 * no features (dedup and leakage both off).
 */
export function turnShares(result: PipelineResult | null | undefined, key: string): number[] | null {
  if (result === null || result === undefined) return null;
  const features = result.features;
  const record = result.recordOfKey(key);
  const mask = result.clusters.templateMask;
  if (features === null || record < 0 || mask.length === 0) return null;
  const first = features.recordTurns[record];
  const shares = new Array<number>(features.recordTurns[record + 1] - first).fill(0);
  const source = result.sourceOf(record);
  for (let turn = 0; turn < shares.length; turn++) {
    const global = first + turn;
    if (mask[global] !== 1) continue;
    const low = features.turnKeysLow[global];
    const high = features.turnKeysHigh[global];
    let records = 0;
    for (let other = source.from; other < source.to; other++) {
      for (let candidate = features.recordTurns[other]; candidate < features.recordTurns[other + 1]; candidate++) {
        if (features.turnKeysLow[candidate] === low && features.turnKeysHigh[candidate] === high) {
          records++;
          break;
        }
      }
    }
    shares[turn] = records;
  }
  return shares;
}
