import { z } from 'zod';
import { EXPORT_FORMATS } from '../export/settings';
import { countSchema, pathSchema, recordKeySchema } from './common';

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
  /** The format's trainers that do not read per-turn loss flags, and the format that keeps them (the counts come with the export). */
  lossIgnoredBy: z.array(z.object({ trainer: z.string(), keep: z.string().nullable() })),
  groups: z.array(z.object({ source: z.string(), task: z.string().nullable(), role: z.enum(['agent', 'general']), kept: countSchema, train: countSchema, validation: countSchema })),
});

/** One record as the trainer of a format sees it (shared/export/trainer-view.ts). */
export const trainerViewSchema = z.object({
  format: z.enum(EXPORT_FORMATS),
  refused: z.string().nullable(),
  written: z.string(),
  messages: z.array(z.object({ side: z.enum(['system', 'user', 'assistant']), role: z.string(), text: z.string(), trains: z.boolean(), tokens: countSchema, sources: z.array(countSchema) })),
  template: z.object({ text: z.string(), spans: z.array(z.object({ start: countSchema, end: countSchema })) }).nullable(),
  tokens: countSchema,
  conversions: z.array(z.object({ rule: z.string(), turns: countSchema })),
  lossIgnoredBy: z.array(z.object({ trainer: z.string(), turns: countSchema, keep: z.string().nullable() })),
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
      /** What the format could not hold, by rule: records and turns. */
      conversions: z.array(z.object({ rule: z.string(), records: countSchema, turns: countSchema })),
      /** Per trainer that ignores loss flags: the turns it trains differently from the source. */
      loss: z.array(z.object({ trainer: z.string(), turns: countSchema, keep: z.string().nullable() })),
      skipped: countSchema,
      warnings: z.array(z.string()),
    }),
  },
  /**
   * The record as the trainer of a format sees it (the desk's "What the trainer sees"); `edited` is
   * a reviewer's edit of it, in the source's format, to show instead of the record on disk.
   */
  'export.trainerView': {
    request: z.strictObject({ key: recordKeySchema, format: z.enum(EXPORT_FORMATS), edited: z.unknown().optional() }),
    response: trainerViewSchema,
  },
} as const;
