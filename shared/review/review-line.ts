import { z } from 'zod';

/**
 * One line of a review file (JSONL, docs/recipe.md, "Review files"): an annotator's decision on one record.
 * Later lines win. `edited` is the whole edited record in the record's own format (the same shape
 * the source file holds), so an export in that format writes it as it is.
 *
 * Extra keys are kept (`looseObject`) so that a file written by a newer version still loads; the
 * limits match `shared/api/review.ts`, which carries these lines over the API.
 */
export const reviewLine = z.looseObject({
  /** The record key, `<source hash prefix>:<id or #ordinal>`. */
  key: z.string().min(3).max(2048),
  decision: z.enum(['accept', 'reject']),
  /** Why it was rejected (or accepted against a filter), from the reject picker or free text. */
  reason: z.string().max(200).optional(),
  note: z.string().max(10_000).optional(),
  /** The whole edited record, as a JSON object in the record's own format. */
  edited: z.record(z.string(), z.unknown()).optional(),
  /** Who decided. */
  by: z.string().max(200),
  /** When, as an ISO 8601 date-time with `Z` or an offset. */
  at: z.iso.datetime({ offset: true }),
});

/** A parsed review line. */
export type ReviewLine = z.infer<typeof reviewLine>;

/** A review line and where it was read. */
export interface ReviewEntry extends ReviewLine {
  /** The review file, as the recipe names it. */
  file: string;
  /** Its 1-based line in that file. */
  line: number;
}
