import { z } from 'zod';
import { countSchema, emptyRequestSchema, pathSchema } from './common';
import { sourceSummarySchema } from './sources';

/** The open recipe, as the desk shows it (docs/recipe.md). */
export const recipeSummarySchema = z.object({
  file: z.string(),
  description: z.string().nullable(),
  sources: countSchema,
  evalSets: countSchema,
});

/** What a pipeline run concluded, in counts. */
export const pipelineSummarySchema = z.object({
  records: countSchema,
  kept: countSchema,
  dropped: countSchema,
  milliseconds: z.number().nonnegative(),
});

/** Open a recipe (its sources are opened too) and run its pipeline (docs/recipe.md, "The pipeline: what a run does") as a job. */
export const pipelineCalls = {
  'recipe.open': {
    request: z.strictObject({ path: pathSchema }),
    response: z.object({ recipe: recipeSummarySchema, sources: z.array(sourceSummarySchema), opened: z.array(z.int().nonnegative()) }),
  },
  /** Opens the demo recipe shipped in resources/samples (start-up with no arguments does this). */
  'recipe.openDemo': {
    request: emptyRequestSchema,
    response: z.object({ recipe: recipeSummarySchema, sources: z.array(sourceSummarySchema), opened: z.array(z.int().nonnegative()) }),
  },
  'recipe.current': {
    request: emptyRequestSchema,
    response: z.object({ recipe: recipeSummarySchema.nullable() }),
  },
  'pipeline.run': {
    request: emptyRequestSchema,
    response: pipelineSummarySchema,
  },
} as const;
