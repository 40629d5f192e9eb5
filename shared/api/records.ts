import { z } from 'zod';
import { utf8Length } from '../review/utf8-length';
import { conversationSchema, countSchema, recordKeySchema, turnSchema } from './common';
import { reviewStatusSchema } from './review';
import { MAX_RECORD_TEXT_BYTES } from './wire';

/** Columns a view can sort by. */
export const SORT_COLUMNS = [
  'position',
  'key',
  'source',
  'id',
  'task',
  'turns',
  'tokens',
  'chars',
  'reward',
  'verdict',
  'duplicateCluster',
  'leakageScore',
  'review',
] as const;

/** Columns that take a text filter. */
export const TEXT_FILTER_COLUMNS = ['key', 'source', 'id', 'task', 'verdict'] as const;

/** Columns that take a number filter. */
export const NUMBER_FILTER_COLUMNS = ['turns', 'tokens', 'chars', 'reward', 'duplicateCluster', 'leakageScore'] as const;

/** A text condition on one column (AG Grid's text filter operators). */
export const textFilterSchema = z.strictObject({
  kind: z.literal('text'),
  column: z.enum(TEXT_FILTER_COLUMNS),
  operator: z.enum(['contains', 'notContains', 'equals', 'notEqual', 'startsWith', 'endsWith', 'blank', 'notBlank']),
  value: z.string().max(1000).default(''),
});

/** A number condition on one column (AG Grid's number filter operators). */
export const numberFilterSchema = z.strictObject({
  kind: z.literal('number'),
  column: z.enum(NUMBER_FILTER_COLUMNS),
  operator: z.enum(['equals', 'notEqual', 'lessThan', 'lessThanOrEqual', 'greaterThan', 'greaterThanOrEqual', 'inRange', 'blank', 'notBlank']),
  value: z.number().nullable().default(null),
  valueTo: z.number().nullable().default(null),
});

/** Keep rows whose review status is one of `values`. */
export const reviewFilterSchema = z.strictObject({
  kind: z.literal('review'),
  column: z.literal('review'),
  values: z.array(reviewStatusSchema).max(4),
});

/** One filter of a view; all filters of a view must hold. */
export const columnFilterSchema = z.discriminatedUnion('kind', [textFilterSchema, numberFilterSchema, reviewFilterSchema]);

/** Which records a view shows and in which order. */
export const viewQuerySchema = z.strictObject({
  sort: z.array(z.strictObject({ column: z.enum(SORT_COLUMNS), direction: z.enum(['asc', 'desc']) })).max(5).default([]),
  filters: z.array(columnFilterSchema).max(20).default([]),
  /** Quick search: case-insensitive substring of key, id, task, source or first user text. */
  search: z.string().max(500).default(''),
});

/** What the pipeline said about a record; null until a pipeline has run. */
export const verdictSchema = z.object({ kept: z.boolean(), reason: z.string().nullable() });

/** One grid row: a record's summary, its verdicts and its review status. Never the whole record. */
export const recordRowSchema = z.object({
  /** 0-based position in the view (after sort and filters). */
  position: countSchema,
  key: recordKeySchema,
  sourceId: countSchema,
  source: z.string(),
  ordinal: countSchema,
  id: z.string().nullable(),
  task: z.string().nullable(),
  turns: countSchema,
  chars: countSchema,
  tokens: countSchema.nullable(),
  reward: z.number().nullable(),
  /** Turns with loss true / false (AgentInstruct `loss`, OpenAI `weight`). */
  trained: countSchema,
  masked: countSchema,
  /** The first user turn, cut to a preview. */
  preview: z.string(),
  verdict: verdictSchema.nullable(),
  duplicateCluster: z.int().nullable(),
  leakageScore: z.number().nullable(),
  review: reviewStatusSchema,
});

/**
 * The last pipeline run's verdict on a record (docs/recipe.md, "Verdicts"): every reason with the
 * 0-based turn it names (when it names one), the duplicate cluster, and the leakage evidence with
 * the shared spans (0-based turn, UTF-16 offsets into the turn's text).
 */
export const recordVerdictSchema = z.object({
  kept: z.boolean(),
  reasons: z.array(z.object({ stage: z.string(), rule: z.string(), message: z.string(), turn: z.int().nonnegative().nullable() })),
  cluster: z.int().nullable(),
  duplicateOf: z.string().nullable(),
  leakage: z
    .object({
      score: z.number(),
      evalSet: z.string(),
      evalItem: z.int(),
      spans: z.array(z.object({ turn: z.int().nonnegative(), start: z.int().nonnegative(), end: z.int().nonnegative() })),
    })
    .nullable(),
});

/** A record opened in full, read from disk by its byte range. */
export const recordDetailSchema = z.object({
  key: recordKeySchema,
  sourceId: countSchema,
  source: z.string(),
  format: z.string(),
  ordinal: countSchema,
  /** The record's JSON exactly as in the file. */
  text: z.string(),
  value: z.unknown(),
  conversation: conversationSchema,
  /** Null until a pipeline run has judged the record. */
  verdict: recordVerdictSchema.nullable(),
  /**
   * Per turn, the records of the source that hold the same turn when the last run found it to be a
   * template (the task prompt many records share), else 0; null before a run (docs/ui.md, "Template turns").
   */
  turnShares: z.array(countSchema).nullable().default(null),
});

/** Where in a JSON text a problem is (1-based, as Monaco's markers take it). */
export const textProblemSchema = z.object({
  message: z.string(),
  line: z.int().positive(),
  column: z.int().positive(),
  endLine: z.int().positive(),
  endColumn: z.int().positive(),
});

/**
 * An edited record's JSON text, limited in UTF-8 bytes (docs/security.md, "Limits"): a limit in
 * characters let 64 Mi CJK characters (192 MiB) through, more than a frame may carry.
 */
export const recordTextSchema = z
  .string()
  .max(MAX_RECORD_TEXT_BYTES)
  .refine((text) => utf8Length(text) <= MAX_RECORD_TEXT_BYTES, { message: `at most ${MAX_RECORD_TEXT_BYTES / 1024 / 1024} MiB of UTF-8` });

/** Page through records, find the next unreviewed one, open, validate and rewrite a record. */
export const recordCalls = {
  'records.page': {
    request: z.strictObject({
      view: viewQuerySchema.default({ sort: [], filters: [], search: '' }),
      offset: countSchema,
      limit: z.int().min(1).max(5000),
    }),
    response: z.object({ rows: z.array(recordRowSchema), total: countSchema, indexed: countSchema }),
  },
  'records.find': {
    request: z.strictObject({
      view: viewQuerySchema.default({ sort: [], filters: [], search: '' }),
      /** Position to start after (or before, going back); -1 starts from the top. */
      from: z.int().min(-1),
      direction: z.enum(['next', 'previous']).default('next'),
      where: z.literal('unreviewed'),
    }),
    response: z.object({ position: countSchema.nullable(), key: recordKeySchema.nullable() }),
  },
  /**
   * The position of a record in a view, found on the engine (a record sent to the desk from the
   * leakage or duplicates views): one call whatever the view's size, never a walk through its pages.
   */
  'records.locate': {
    request: z.strictObject({
      view: viewQuerySchema.default({ sort: [], filters: [], search: '' }),
      key: recordKeySchema,
    }),
    response: z.object({ position: countSchema.nullable() }),
  },
  'records.get': {
    request: z.strictObject({ key: recordKeySchema }),
    response: recordDetailSchema,
  },
  'records.validate': {
    request: z.strictObject({ key: recordKeySchema, text: recordTextSchema }),
    response: z.object({
      ok: z.boolean(),
      problems: z.array(textProblemSchema),
      conversation: conversationSchema.nullable(),
    }),
  },
  'records.rewrite': {
    request: z.strictObject({ key: recordKeySchema, turns: z.array(turnSchema).max(100_000) }),
    response: z.object({ value: z.unknown(), text: z.string() }),
  },
} as const;
