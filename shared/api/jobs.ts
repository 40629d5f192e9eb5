import { z } from 'zod';
import { countSchema, emptyRequestSchema } from './common';

/** What kind of long operation a job is (docs/ui.md, "Jobs"). */
export const jobKindSchema = z.enum(['index', 'pipeline', 'export']);

/** Progress of a job: stage, done of total in a unit (records, bytes, files). */
export const progressSchema = z.object({
  jobId: z.int().positive(),
  stage: z.string(),
  done: z.number().nonnegative(),
  total: z.number().nonnegative(),
  unit: z.string(),
});

/** A running job, as `jobs.list` and `onDidStartJob` describe it. */
export const jobSchema = z.object({
  jobId: z.int().positive(),
  kind: jobKindSchema,
  label: z.string(),
  startedAt: z.number(),
  progress: progressSchema.nullable(),
});

/** How a job ended; `message` is readable, never a stack trace. */
export const jobEndSchema = z.object({
  jobId: z.int().positive(),
  kind: jobKindSchema,
  outcome: z.enum(['done', 'canceled', 'failed']),
  message: z.string().nullable(),
  elapsedMs: z.number().nonnegative(),
});

/** `jobs.list` and `jobs.cancel`. */
export const jobCalls = {
  'jobs.list': {
    request: emptyRequestSchema,
    response: z.object({ jobs: z.array(jobSchema) }),
  },
  'jobs.cancel': {
    request: z.strictObject({ jobId: z.int().positive() }),
    response: z.object({ canceled: z.boolean(), running: countSchema }),
  },
} as const;
