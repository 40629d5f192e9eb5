/**
 * The recipe (docs/recipe.md): one JSON file that describes a whole run — sources, evaluation
 * sets, the seven filters, dedup, leakage, and the review, mix and export sections — composed from the settings schemas of each stage, so each stage owns its defaults.
 * Every setting has a default (AgentTuning's where the paper has one), so a recipe with only
 * `sources` runs; every filter and stage has `"enabled"`. Paths are relative to the recipe file.
 * Objects are strict: a misspelt key is an error that names it, never a setting silently ignored.
 */
import { z } from 'zod';
import { dedupSettings } from '../dedup/settings';
import { exportSettings } from '../export/settings';
import { filterSettings, type FilterName } from '../filters/index';
import { mappingSchema } from '../formats/mapping-schema';
import { FORMAT_NAMES } from '../formats/types';
import { evalSetSpec, leakageSettings } from '../leakage/settings';
import { mixSettings } from '../mix/settings';
import { reviewSettings } from '../review/settings';

/** One source of a recipe: a shard file or a folder of shards (each file its own source). */
export const recipeSource = z.strictObject({
  /** File or folder, relative to the recipe. */
  path: z.string().min(1),
  /** The source's role in the mix; default: `agent` for AgentInstruct-like data, else `general`. */
  role: z.enum(['agent', 'general']).optional(),
  /** The record format; `auto` (default) detects it from the first records. */
  format: z.enum(['auto', ...FORMAT_NAMES]).default('auto'),
  /** The task of records whose id and fields name none (e.g. `webshop`). */
  task: z.string().min(1).optional(),
  /** How to read records no format reads, as LLaMA-Factory's dataset_info.json describes them (docs/formats.md, "Mappings"). */
  mapping: mappingSchema.optional(),
  /** `false` leaves the source out of the run without deleting it from the recipe. */
  enabled: z.boolean().default(true),
  /**
   * `true` stops the run when the source cannot be read in full: a file of it cannot be opened or
   * decoded, holds no conversations, loses a Parquet row group or footer, or it holds no records.
   * Otherwise such files are problems of the run and the other sources go on.
   */
  required: z.boolean().default(false),
});

/** A recipe source after parsing. */
export type RecipeSource = z.output<typeof recipeSource>;

/** The settings object of one filter (inside the prefault `filterSettings` wraps it in). */
function filterObject<Name extends FilterName>(name: Name): (typeof filterSettings.shape)[Name]['_zod']['def']['innerType'] {
  return filterSettings.shape[name]._zod.def.innerType;
}

/**
 * The reward filter's settings plus `scores`: a JSONL file of `{"id", "reward"}` lines joined to
 * records by id (docs/filters.md, "reward"), relative to the recipe.
 */
export const recipeRewardSettings = filterObject('reward').extend({ scores: z.string().min(1).optional() }).strict();

/**
 * The `filters` section: the seven filters of shared/filters (their own settings and defaults),
 * each made strict so that a misspelt key is reported. Its output is what `measureAll` and
 * `judgeAll` take.
 */
export const recipeFilters = z.strictObject({
  reward: recipeRewardSettings.prefault({}),
  structure: filterObject('structure').strict().prefault({}),
  format: filterObject('format').strict().prefault({}),
  repetition: filterObject('repetition').strict().prefault({}),
  refusal: filterObject('refusal').strict().prefault({}),
  unsafe: filterObject('unsafe').strict().prefault({}),
  length: filterObject('length').strict().prefault({}),
});

/** The `dedup` section: shared/dedup's settings plus a switch for the whole stage. */
export const recipeDedup = dedupSettings.extend({ enabled: z.boolean().default(true) }).strict();

/** The whole recipe. */
export const recipeSchema = z.strictObject({
  /** The JSON Schema the file follows (for editors); ignored by the pipeline. */
  $schema: z.string().optional(),
  /** Free text for people reading the file. */
  description: z.string().optional(),
  sources: z.array(recipeSource).min(1, 'a recipe needs at least one source'),
  /** Evaluation sets for the leakage check (none: the check has nothing to compare with). */
  evalSets: z.array(evalSetSpec).default([]),
  filters: recipeFilters.prefault({}),
  dedup: recipeDedup.prefault({}),
  leakage: leakageSettings.prefault({}),
  /** Review files (docs/recipe.md, "Review files"): one path, a list, or `{files, overrideLeakage}`. */
  review: reviewSettings.optional(),
  /** The agent/general mix (docs/recipe.md, "Mixing"); parsed here, applied by the export. */
  mix: mixSettings.optional(),
  /** The export (docs/recipe.md, "Export"); parsed here, written by the export. */
  export: exportSettings.optional(),
});

/** A recipe with every default applied. */
export type Recipe = z.output<typeof recipeSchema>;

/** A recipe as a file may write it (everything but `sources` optional). */
export type RecipeInput = z.input<typeof recipeSchema>;

/** The filters section after parsing (the filter settings plus the reward scores file). */
export type RecipeFilters = z.output<typeof recipeFilters>;

/** The dedup section after parsing. */
export type RecipeDedup = z.output<typeof recipeDedup>;
