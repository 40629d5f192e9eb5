import { z } from 'zod';
import { countSchema } from './common';
import { jobEndSchema, jobSchema, progressSchema } from './jobs';
import { recipeSummarySchema } from './pipeline';
import { sourceSummarySchema } from './sources';

/** Commands the desktop menu sends to the renderer (docs/ui.md, "Desktop shell"). */
export const MENU_COMMANDS = ['openShards', 'openRecipe', 'saveRecipe', 'export', 'saveReview', 'loadReview', 'showKeys'] as const;

/** The payload of every event, by name. */
export const apiEvents = {
  onDidStartJob: jobSchema,
  onDidProgress: progressSchema,
  onDidFinishJob: jobEndSchema,
  onDidChangeSources: z.object({ sources: z.array(sourceSummarySchema) }),
  /** A recipe was opened, or a pipeline run changed the verdicts (`verdicts` counts runs). */
  onDidChangeRecipe: z.object({ recipe: recipeSummarySchema.nullable(), runs: countSchema }),
  onDidRequestCommand: z.object({ command: z.enum(MENU_COMMANDS) }),
  /** Thresholds moved in the filters panel re-judged the last run's records (`rejudges` counts them since start). */
  onDidChangeVerdicts: z.object({ rejudges: countSchema }),
} as const;
