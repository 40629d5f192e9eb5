import { z } from 'zod';
import { countSchema, recordKeySchema } from './common';

/** The duplicates view (docs/ui.md, "Views after a pipeline run"): the last run's clusters and its LSH banding. */

/** A cluster in the list. */
export const clusterSummarySchema = z.object({
  id: countSchema,
  kind: z.enum(['exact', 'near']),
  size: countSchema,
  minSimilarity: z.number(),
  maxSimilarity: z.number(),
  keptKey: recordKeySchema,
  keptId: z.string().nullable(),
  /** Why the kept record was kept: higher reward, longer, or first. */
  reason: z.enum(['reward', 'longest', 'first']),
});

export const duplicateCalls = {
  /** Clusters, largest first (at most `limit`), and the banding and threshold of near dedup. */
  'duplicates.list': {
    request: z.strictObject({ limit: z.int().min(1).max(10_000).default(500) }),
    response: z.object({
      clusters: z.array(clusterSummarySchema),
      total: countSchema,
      banding: z.object({ bands: countSchema, rows: countSchema }).nullable(),
      threshold: z.number(),
    }),
  },
  /** The members of one cluster, the kept record first, with their similarity to it. */
  'duplicates.get': {
    request: z.strictObject({ id: countSchema }),
    response: z.object({
      cluster: clusterSummarySchema,
      members: z.array(z.object({ key: recordKeySchema, id: z.string().nullable(), task: z.string().nullable(), similarity: z.number(), kept: z.boolean() })),
    }),
  },
} as const;

