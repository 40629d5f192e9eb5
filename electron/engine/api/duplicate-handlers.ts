import type { DuplicateCluster } from '../../../shared/dedup/clusters';
import type { PipelineResult } from '../pipeline/pipeline-result';
import { ApiFailure } from './failure';
import { requireLastRun } from './leakage-handlers';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** A cluster in the contract's shape. */
function summaryOf(result: PipelineResult, cluster: DuplicateCluster): { id: number; kind: 'exact' | 'near'; size: number; minSimilarity: number; maxSimilarity: number; keptKey: string; keptId: string | null; reason: 'reward' | 'longest' | 'first' } {
  return { id: cluster.id, kind: cluster.kind, size: cluster.size, minSimilarity: cluster.minSimilarity, maxSimilarity: cluster.maxSimilarity, keptKey: result.measured.keys[cluster.kept], keptId: result.measured.ids[cluster.kept], reason: cluster.reason };
}

/**
 * `duplicates.list` and `duplicates.get` (docs/ui.md, "Views after a pipeline run"): the last run's clusters,
 * largest first, with the banding the LSH curve is drawn for, and one cluster's members.
 */
export function duplicateHandlers(services: ApiServices): HandlerModule<'duplicates.list' | 'duplicates.get'> {
  return {
    'duplicates.list': ({ limit }) => {
      const result = requireLastRun(services, 'to find duplicates');
      const dedup = result.clusters.dedup;
      const clusters = [...(dedup?.assignment.clusters ?? [])].sort((first, second) => second.size - first.size || first.id - second.id);
      return {
        clusters: clusters.slice(0, limit).map((cluster) => summaryOf(result, cluster)),
        total: clusters.length,
        banding: dedup?.near === null || dedup === null ? null : { bands: dedup.banding.bands, rows: dedup.banding.rows },
        threshold: result.recipe.dedup.near.threshold,
      };
    },
    'duplicates.get': ({ id }) => {
      const result = requireLastRun(services, 'to find duplicates');
      const assignment = result.clusters.dedup?.assignment;
      const cluster = assignment?.clusters[id];
      if (assignment === undefined || cluster === undefined) throw new ApiFailure('not-found', `the last run has no duplicate cluster ${id}`);
      return {
        cluster: summaryOf(result, cluster),
        members: cluster.members.map((record) => ({ key: result.measured.keys[record], id: result.measured.ids[record], task: result.measured.tasks[record], similarity: assignment.similarity[record], kept: record === cluster.kept })),
      };
    },
  };
}
