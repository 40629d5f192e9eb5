import { z } from 'zod';
import { reviewRules } from './apply-review';

/** The recipe's `review` section after parsing: the review files in merge order, and the rules. */
export interface ReviewSettings {
  /** Review files (JSONL), relative to the recipe; later files win ties (see merge-reviews.ts). */
  files: string[];
  overrideLeakage: boolean;
}

const path = z.string().min(1);

/**
 * The recipe's `review` section, in any of three forms: one file (`"review.jsonl"`), a list of
 * files to merge, or `{"files": [...], "overrideLeakage": true}` when the rules need changing.
 */
export const reviewSettings = z
  .union([path, z.array(path), reviewRules.extend({ files: z.array(path).default([]) })])
  .transform((value): ReviewSettings => {
    if (typeof value === 'string') return { files: [value], overrideLeakage: false };
    if (Array.isArray(value)) return { files: value, overrideLeakage: false };
    return { files: value.files, overrideLeakage: value.overrideLeakage };
  });
