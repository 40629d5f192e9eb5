import type { VerdictSource } from '../api/verdict-source';
import type { PipelineResult } from './pipeline-result';

/**
 * The grid's verdict columns (electron/engine/api/verdict-source.ts) from the engine's last
 * pipeline run: kept or dropped with the first reason, the duplicate cluster, the leakage score.
 * `current()` returns the engine's latest result (`() => engine.pipeline`), so a new run or a
 * rejudge shows without rewiring.
 */
export function pipelineVerdicts(current: () => PipelineResult | null): VerdictSource {
  const recordOf = (key: string): { result: PipelineResult; record: number } | null => {
    const result = current();
    const record = result?.recordOfKey(key) ?? -1;
    return result === null || record < 0 ? null : { result, record };
  };
  let lastResult: PipelineResult | null = null;
  let base = 0;
  return {
    get version(): number {
      const result = current();
      if (result !== lastResult) {
        base += (lastResult?.version ?? 0) + 1;
        lastResult = result;
      }
      return base + (result?.version ?? 0);
    },
    verdictOf(key) {
      const found = recordOf(key);
      if (found === null) return null;
      const { judgment } = found.result;
      const kept = judgment.kept[found.record] === 1;
      const reason = (kept ? judgment.reviewReasonOf(found.record) : judgment.firstReasonOf(found.record))?.message ?? null;
      return { kept, reason };
    },
    clusterOf(key) {
      const found = recordOf(key);
      const cluster = found === null ? -1 : (found.result.clusters.dedup?.assignment.cluster[found.record] ?? -1);
      return cluster === -1 ? null : cluster;
    },
    leakageOf(key) {
      const found = recordOf(key);
      return found === null ? null : (found.result.clusters.leakage.get(found.record)?.score ?? 0);
    },
  };
}
