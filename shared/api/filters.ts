import { z } from 'zod';
import { countSchema, emptyRequestSchema, pathSchema } from './common';
import { exportOptionsSchema } from './export';

/**
 * The filters panel (docs/ui.md, "Views after a pipeline run"): histograms of the stored scores and live counts
 * from the engine's re-judge of the last run's measurements (no shard is read again).
 */

/** Kept and dropped records of one group (a source or a task). */
export const groupCountSchema = z.object({ name: z.string(), kept: countSchema, dropped: countSchema });

/** The counts of the current verdicts, and the resulting mix. */
export const filterCountsSchema = z.object({
  records: countSchema,
  kept: countSchema,
  dropped: countSchema,
  perSource: z.array(groupCountSchema),
  perTask: z.array(groupCountSchema),
  /** Share of agent records among the kept records (η by records, AgentTuning §2.3). */
  agentShareRecords: z.number().min(0).max(1),
  /** Share of agent tokens (the length filter's `tokens` score) among the kept records' tokens. */
  agentShareTokens: z.number().min(0).max(1),
  /** The verdicts' version (changes with every re-judge). */
  version: countSchema,
});

/** A histogram of one score over every record, optionally split by a group. */
export const histogramSchema = z.object({
  score: z.string(),
  min: z.number(),
  max: z.number(),
  /** Bin edges: `bins + 1` numbers from min to max. */
  edges: z.array(z.number()),
  /** Counts per series (all records, or one per source/task), one count per bin. */
  series: z.array(z.object({ name: z.string(), counts: z.array(countSchema) })),
  /** Records without this score (NaN). */
  missing: countSchema,
});

/** How a histogram is split. */
export const splitSchema = z.enum(['none', 'source', 'task']);

export const filterCalls = {
  /** The current filter settings, the histograms of the requested scores, and the counts. */
  'filters.state': {
    request: z.strictObject({ scores: z.array(z.string().max(200)).max(50).default([]), split: splitSchema.default('none'), bins: z.int().min(2).max(200).default(40) }),
    response: z.object({
      filters: z.record(z.string(), z.unknown()),
      scoreNames: z.array(z.string()),
      /** The filters the run measured (a filter that was off is not: switching it on measures it). */
      measured: z.array(z.string()),
      histograms: z.array(histogramSchema),
      counts: filterCountsSchema,
    }),
  },
  /**
   * Re-judges the last run with new filter settings; a change that needs a re-run is not applied and says why. A filter switched on
   * that the run did not measure is measured first, as a job (progress events; cancel leaves the settings as they were).
   */
  'filters.apply': {
    request: z.strictObject({ filters: z.record(z.string(), z.unknown()) }),
    response: z.object({
      applied: z.boolean(),
      needsRerun: z.array(z.string()),
      milliseconds: z.number().nonnegative(),
      counts: filterCountsSchema,
      /** Filters switched on that the run had not measured, measured by this call as a job (their histograms are new). */
      measured: z.array(z.string()),
    }),
  },
  /**
   * Writes the current recipe (with the settings applied, and the export dialog's options when given) as JSON;
   * paths it names are made absolute when the folder changes.
   */
  'recipe.save': {
    request: z.strictObject({ path: pathSchema, exportOptions: exportOptionsSchema.optional() }),
    response: z.object({ path: z.string() }),
  },
  /** The current recipe as JSON text (for the raw editor). */
  'recipe.text': {
    request: emptyRequestSchema,
    response: z.object({ text: z.string() }),
  },
} as const;
