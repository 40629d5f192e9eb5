import { z } from 'zod';

/**
 * The mapping a source may carry (docs/formats.md, "Mappings"), as LLaMA-Factory's
 * `dataset_info.json` describes a dataset: `formatting`, `columns` (field paths: docs/formats.md,
 * "Field paths") and `tags`. Applied by mapping.ts.
 */

const column = z.string().min(1, 'a column names a field (a field path)');

/** LLaMA-Factory's `columns`: the Alpaca ones, the ShareGPT/OpenAI ones, and those we accept and do not read (media, preference pairs). */
export const mappingColumns = z.strictObject({
  prompt: column.optional(),
  query: column.optional(),
  response: column.optional(),
  history: column.optional(),
  messages: column.optional(),
  system: column.optional(),
  tools: column.optional(),
  /** Not LLaMA-Factory's: the field holding the record's id. */
  id: column.optional(),
  images: column.optional(),
  videos: column.optional(),
  audios: column.optional(),
  chosen: column.optional(),
  rejected: column.optional(),
  kto_tag: column.optional(),
});

/** LLaMA-Factory's `tags`: the keys of a turn and the role names it uses. */
export const mappingTags = z.strictObject({
  role_tag: z.string().min(1).optional(),
  content_tag: z.string().min(1).optional(),
  user_tag: z.string().min(1).optional(),
  assistant_tag: z.string().min(1).optional(),
  observation_tag: z.string().min(1).optional(),
  function_tag: z.string().min(1).optional(),
  system_tag: z.string().min(1).optional(),
});

/** A mapping, as a recipe source's `mapping` or an entry of `dataset_info.json` gives it. */
export const mappingSchema = z.strictObject({
  formatting: z.enum(['alpaca', 'sharegpt', 'openai']).default('alpaca'),
  columns: mappingColumns.default({}),
  tags: mappingTags.default({}),
});

/** A mapping after parsing. */
export type Mapping = z.output<typeof mappingSchema>;
