import { z } from 'zod';
import { parseFieldPath } from '../formats/field-path';

/**
 * Leakage settings for the recipe (docs/dedup-and-leakage.md, "Settings (recipe)"). Word n-grams of
 * the evaluation texts, 13 by default as in the GPT-3 decontamination and lm-eval-harness
 * (NeMo Curator allows 8-13); n-grams found in more than 10 evaluation items are too common to
 * mean anything and are ignored (the same cut-off as those tools).
 */
export const leakageSettings = z
  .object({
    enabled: z.boolean().default(true),
    /** Words per n-gram. */
    ngram: z.number().int().min(8).max(13).default(13),
    /**
     * A record leaks when one of its turns has at least this share of its words covered by shared
     * n-grams (Llama 2's contamination rule calls > 80% dirty and < 20% clean; 0.5 sits between).
     */
    threshold: z.number().min(0).max(1).default(0.5),
    /**
     * ...or when one turn holds at least this share of an evaluation item's words: an item pasted
     * into a long turn covers little of the turn but all of the item.
     */
    minItemCoverage: z.number().min(0).max(1).default(0.8),
    /** `drop` removes leaking records; `flag` keeps them, marked for review. */
    action: z.enum(['drop', 'flag']).default('drop'),
    /** n-grams that occur in more than this many evaluation items are ignored. */
    maxItemsPerNgram: z.number().int().min(1).default(10),
    /**
     * Items shorter than `ngram` words are matched whole (their full word sequence), when they
     * have at least this many words: short db and kg questions (8-12 words) are still caught.
     */
    minItemWords: z.number().int().min(2).default(5),
    /** Leave template turns out of the scan (their text is the same prompt in every record). */
    skipTemplates: z.boolean().default(true),
  })
  .strict()
  .refine((settings) => settings.minItemWords <= settings.ngram, { message: 'minItemWords must not exceed ngram' });

/** Parsed leakage settings. */
export type LeakageSettings = z.infer<typeof leakageSettings>;

/**
 * One evaluation set of a recipe: a file (JSON array, single object, array of strings, JSONL) or a
 * folder of them, the text fields to read, and optionally which items count (a test split).
 */
export const evalSetSpec = z
  .object({
    /** Name shown with every match (e.g. `os`, `db`, `kg`, `webshop`). */
    name: z.string().min(1),
    /** File or folder, relative to the recipe. A folder is read recursively, files in path order. */
    path: z.string().min(1),
    /**
     * Field paths to the text (joined by a blank line when several are present): keys, `a.b` for
     * nested keys, `[]` for every element of a list (BFCL: `question[][].content`); strings are
     * read as they are (docs/formats.md, "Field paths").
     */
    fields: z
      .array(
        z
          .string()
          .min(1)
          .refine((path) => Array.isArray(parseFieldPath(path)), { message: 'expected a field path: keys joined by dots, [] for every element of a list, [n] for one' }),
      )
      .default(['description', 'question', 'instruction', 'text']),
    /** Items `[start, end)` of the set, counted across its files (WebShop: goals 0-499 are the test split). */
    range: z.object({ start: z.number().int().min(0).default(0), end: z.number().int().min(0).optional() }).strict().optional(),
    /** File names or relative paths inside a folder to leave out (e.g. `dev.json`, which is not test data). */
    exclude: z.array(z.string()).default([]),
  })
  .strict();

/** A parsed evaluation set entry of a recipe. */
export type EvalSetSpec = z.infer<typeof evalSetSpec>;
