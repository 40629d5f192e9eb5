import { z } from 'zod';
import { countSchema, emptyRequestSchema, recordKeySchema } from './common';

/**
 * The leakage view (docs/ui.md, "Views after a pipeline run"): records whose turns share n-grams with an
 * evaluation item (the last run's evidence), highest score first, and each match side by side.
 */

/** A character range. */
const spanSchema = z.object({ start: countSchema, end: countSchema });

/** One flagged record in the list. */
export const leakedRecordSchema = z.object({
  key: recordKeySchema,
  id: z.string().nullable(),
  task: z.string().nullable(),
  score: z.number(),
  itemCoverage: z.number(),
  evalSet: z.string(),
  evalItem: countSchema,
  kept: z.boolean(),
});

export const leakageCalls = {
  'leakage.list': {
    request: emptyRequestSchema,
    response: z.object({ records: z.array(leakedRecordSchema), threshold: z.number() }),
  },
  /** Every match of one record: the training turn's and the evaluation item's text with the shared spans in each. */
  'leakage.get': {
    request: z.strictObject({ key: recordKeySchema }),
    response: z.object({
      key: recordKeySchema,
      score: z.number(),
      matches: z.array(z.object({ evalSet: z.string(), evalItem: countSchema, itemCoverage: z.number(), turn: countSchema, turnText: z.string(), spans: z.array(spanSchema), itemText: z.string(), itemSpans: z.array(spanSchema) })),
    }),
  },
} as const;
