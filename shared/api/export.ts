import { z } from 'zod';
import { EXPORT_FORMATS } from '../export/settings';
import { countSchema, pathSchema } from './common';

/**
 * The export dialog (docs/ui.md, "Views after a pipeline run"): the settings it changes override the recipe's
 * `export` and `mix` sections (docs/recipe.md, "Export"); a preview counts before writing, and the
 * export runs as a job ending with the manifest.
 */

/** The dialog's settings. Left-out fields keep the recipe's. */
export const exportOptionsSchema = z.strictObject({
  format: z.enum(EXPORT_FORMATS).optional(),
  out: pathSchema.optional(),
  agentShare: z.number().min(0).max(1).optional(),
  by: z.enum(['records', 'tokens']).optional(),
  seed: z.int().nonnegative().optional(),
  /** A fixed total of records, or null for "as many as η allows". */
  total: z.int().positive().nullable().optional(),
  /** Per-task caps, by task name. */
  caps: z.record(z.string(), z.int().nonnegative()).optional(),
  validation: z.number().min(0).lt(1).optional(),
});

/** η by records and by tokens in one split. */
const shareSchema = z.object({
  records: z.object({ agent: z.number(), general: z.number(), share: z.number() }),
  tokens: z.object({ agent: z.number(), general: z.number(), share: z.number() }),
});

/** What the export would hold. */
export const exportPreviewSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  out: z.string(),
  validationOut: z.string().nullable(),
  agentShare: z.number(),
  by: z.enum(['records', 'tokens']),
  total: z.number().nullable(),
  reachable: z.boolean(),
  achieved: z.object({ train: shareSchema, validation: shareSchema }),
  notes: z.array(z.string()),
  records: z.object({ train: countSchema, validation: countSchema }),
  groups: z.array(z.object({ source: z.string(), task: z.string().nullable(), role: z.enum(['agent', 'general']), kept: countSchema, train: countSchema, validation: countSchema })),
});

export const exportCalls = {
  'export.preview': {
    request: z.strictObject({ options: exportOptionsSchema }),
    response: exportPreviewSchema,
  },
  /** Writes the export as a job (progress, cancel); resolves with the files written and the manifest's path. */
  'export.run': {
    request: z.strictObject({ options: exportOptionsSchema }),
    response: z.object({
      outputs: z.array(z.object({ path: z.string(), split: z.enum(['train', 'validation']), format: z.enum(EXPORT_FORMATS), records: countSchema, bytes: countSchema, sha256: z.string() })),
      manifestPath: z.string(),
      exported: countSchema,
    }),
  },
} as const;
