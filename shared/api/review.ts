import { z } from 'zod';
import { reviewLine } from '../review/review-line';
import { countSchema, pathSchema, recordKeySchema } from './common';

/** Where a record stands in review, as the grid's review column shows it. */
export const reviewStatusSchema = z.enum(['unreviewed', 'accepted', 'rejected', 'edited']);

/** One of the review statuses. */
export type ReviewStatus = z.infer<typeof reviewStatusSchema>;

/** The reasons the reject picker offers (docs/ui.md, "Review desk"). */
export const REJECT_REASONS = ['wrong answer', 'bad format', 'unsafe', 'leaked', 'duplicate', 'low quality', 'other'] as const;

/**
 * One line of a review file (docs/recipe.md, "Review files"), as shared/review defines it: later lines
 * win; `edited` is the whole edited record in its own format.
 */
export const reviewLineSchema = reviewLine;

/** A problem in a review file: 1-based line and what is wrong. */
export const reviewFileProblemSchema = z.object({ line: z.int().positive(), message: z.string() });

/**
 * The review lives in the renderer's Dexie store; the engine keeps a mirror of each key's status so
 * that paging can filter and sort by it (and, later, so the pipeline and export can use it).
 * `review.write` / `review.read` save and load review files on the host's disk.
 */
export const reviewCalls = {
  'review.sync': {
    request: z.strictObject({
      /** Replace the whole mirror (on start-up) instead of updating the given keys. */
      replace: z.boolean().default(false),
      entries: z.array(z.strictObject({ key: recordKeySchema, status: reviewStatusSchema })).max(1_000_000),
    }),
    response: z.object({ reviewed: countSchema }),
  },
  'review.write': {
    request: z.strictObject({ path: pathSchema, lines: z.array(reviewLineSchema).max(1_000_000) }),
    response: z.object({ path: z.string(), lines: countSchema, bytes: countSchema }),
  },
  'review.read': {
    request: z.strictObject({ path: pathSchema }),
    response: z.object({ path: z.string(), lines: z.array(reviewLineSchema), problems: z.array(reviewFileProblemSchema) }),
  },
} as const;
