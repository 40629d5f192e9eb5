import { z } from 'zod';
import { DEFAULT_MINHASH_SEED } from './minhash';

/**
 * Dedup settings for the recipe (docs/recipe.md, "dedup"). Every field has a default, so `{}` is a valid
 * recipe section; `dedupSettings.parse(undefined)` gives the full defaults.
 */

/** Template turns: exact normalized turns that recur across the records of one source. */
export const templateSettings = z
  .object({
    /** Leave template turns out of dedup and leakage (and out of "the instruction"). */
    enabled: z.boolean().default(true),
    /** A turn is a template when at least this many records of its source contain it... */
    minRecords: z.number().int().min(2).default(3),
    /** ...and at least this share of the source's records (5%: AgentInstruct's per-task prompt is in 100%). */
    minShare: z.number().min(0).max(1).default(0.05),
  })
  .strict();

/** What the exact key covers: the instruction (first non-template user turn), all user turns, or every turn. */
export const exactScope = z.enum(['instruction', 'user', 'conversation']);

/** The criteria of the keep policy, tried in order; the first record (lowest ordinal) breaks remaining ties. */
export const keepCriterion = z.enum(['reward', 'longest']);

/** Exact dedup: a normalized (case, whitespace) 64-bit hash of the scope, template turns excluded. */
export const exactDedupSettings = z
  .object({
    enabled: z.boolean().default(true),
    scope: exactScope.default('conversation'),
  })
  .strict();

/** Near dedup: MinHash + LSH, every candidate verified by exact Jaccard. */
export const nearDedupSettings = z
  .object({
    enabled: z.boolean().default(true),
    /** Jaccard similarity of word-shingle sets at or above which two records are duplicates. */
    threshold: z.number().gt(0).max(1).default(0.8),
    /** MinHash signature length (a multiple of 16 uses the SIMD kernel). */
    permutations: z.number().int().min(16).max(1024).default(128),
    /** Words per shingle (5-grams: the usual choice for documents of a few hundred words). */
    shingle: z.number().int().min(1).max(32).default(5),
    /**
     * LSH bands and rows; when absent, the most selective banding whose recall at the threshold
     * itself (the worst case of the S-curve on [threshold, 1]) reaches `targetRecall`: 21 x 6 at 0.8
     * (99.8% at 0.8), where 18 x 7 gives 98.6% there and datasketch's 9 x 13 40%.
     * docs/dedup-and-leakage.md has the table.
     */
    bands: z.number().int().min(1).optional(),
    rows: z.number().int().min(1).optional(),
    /** Recall at the threshold the automatic banding aims for. */
    targetRecall: z.number().gt(0).max(1).default(0.995),
    /** Verify each candidate pair by exact Jaccard (false: trust the MinHash estimate). */
    verify: z.boolean().default(true),
    /** Seed of the permutations. */
    seed: z.number().int().default(DEFAULT_MINHASH_SEED),
  })
  .strict()
  .refine((near) => (near.bands === undefined) === (near.rows === undefined), { message: 'set both bands and rows, or neither' })
  .refine((near) => near.bands === undefined || near.rows === undefined || near.bands * near.rows <= near.permutations, {
    message: 'bands x rows must not exceed permutations',
  });

/** The whole dedup section of a recipe. */
export const dedupSettings = z
  .object({
    exact: exactDedupSettings.prefault({}),
    near: nearDedupSettings.prefault({}),
    templates: templateSettings.prefault({}),
    /** Keep policy: highest reward, then longest (characters outside template turns), then first. */
    keep: z.array(keepCriterion).default(['reward', 'longest']),
  })
  .strict();

/** Parsed dedup settings. */
export type DedupSettings = z.infer<typeof dedupSettings>;
/** Parsed near-dedup settings. */
export type NearDedupSettings = z.infer<typeof nearDedupSettings>;
/** Parsed template settings. */
export type TemplateSettings = z.infer<typeof templateSettings>;
/** One of {@link exactScope}. */
export type ExactScope = z.infer<typeof exactScope>;
/** One of {@link keepCriterion}. */
export type KeepCriterion = z.infer<typeof keepCriterion>;
