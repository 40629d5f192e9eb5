import { z } from 'zod';
import { FORMAT_NAMES } from '../formats/types';
import { countSchema, emptyRequestSchema, pathSchema } from './common';

/** The role of a source in the mix: AgentInstruct-style trajectories or general chat (ShareGPT). */
export const sourceRoleSchema = z.enum(['agent', 'general']);

/** A format name, or `auto` to detect it per file. */
export const formatChoiceSchema = z.enum([...FORMAT_NAMES, 'auto']);

/** One problem found while indexing a source (shared/schema/problem.ts, without the file). */
export const sourceProblemSchema = z.object({
  line: z.int().positive(),
  offset: countSchema,
  record: countSchema.optional(),
  message: z.string(),
});

/** An open source, as the sources panel shows it. */
export const sourceSummarySchema = z.object({
  sourceId: z.int().nonnegative(),
  path: z.string(),
  /** The file name, for narrow columns. */
  name: z.string(),
  /** Content hash: the source's identity; record keys start with its prefix. */
  hash: z.string(),
  /** The prefix of {@link hash} used in record keys. */
  keyPrefix: z.string(),
  format: z.string(),
  role: sourceRoleSchema,
  records: countSchema,
  tasks: z.record(z.string(), countSchema),
  turns: z.object({ min: z.number(), mean: z.number(), max: z.number() }),
  errorCount: countSchema,
  /** The first problems (the engine keeps at most 100 per source). */
  errors: z.array(sourceProblemSchema),
  /** Why the file holds no conversations (an evaluation set, a format we do not read), or null. */
  notice: z.string().nullable(),
});

/** Lines of a source file around a byte offset, for "click an error to see the line". */
export const excerptSchema = z.object({
  sourceId: z.int().nonnegative(),
  path: z.string(),
  text: z.string(),
  /** 1-based line number of the first line of {@link text}. */
  firstLine: z.int().positive(),
  /** 1-based line number of the line that holds the offset. */
  focusLine: z.int().positive(),
  /** True when lines were cut to keep the excerpt small. */
  truncated: z.boolean(),
});

/** Open, list and close sources; read the lines around a problem. */
export const sourceCalls = {
  'sources.open': {
    request: z.strictObject({
      paths: z.array(pathSchema).min(1).max(1000),
      format: formatChoiceSchema.default('auto'),
      role: sourceRoleSchema.optional(),
      task: z.string().max(200).nullable().optional(),
    }),
    response: z.object({ sources: z.array(sourceSummarySchema), opened: z.array(z.int().nonnegative()) }),
  },
  'sources.list': {
    request: emptyRequestSchema,
    response: z.object({ sources: z.array(sourceSummarySchema) }),
  },
  'sources.close': {
    request: z.strictObject({ sourceId: z.int().nonnegative() }),
    response: z.object({ sources: z.array(sourceSummarySchema) }),
  },
  'sources.excerpt': {
    request: z.strictObject({
      sourceId: z.int().nonnegative(),
      offset: countSchema,
      /** Lines to show before and after the focus line. */
      context: z.int().min(0).max(50).default(5),
    }),
    response: excerptSchema,
  },
} as const;
