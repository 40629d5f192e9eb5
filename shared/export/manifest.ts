import { z } from 'zod';
import { EXPORT_FORMATS } from './settings';

const count = z.int().nonnegative();

/** What happened to records at each stage, for the whole run, one source or one task. */
export const stageCounts = z.strictObject({
  /** Records read (valid records of the sources). */
  read: count,
  /** Records the filters dropped, in all and per rule (`format.malformed-turn`: 12). */
  filtered: z.strictObject({ total: count, rules: z.record(z.string(), count) }),
  /** Records dropped as duplicates of a kept record. */
  duplicates: count,
  /** Records dropped for leakage into an evaluation set. */
  leaked: count,
  /** Review decisions that applied: accepted, rejected, edited, and accepts that overrode a drop. */
  reviewed: z.strictObject({ accepted: count, rejected: count, edited: count, overrides: count }),
  /** Records written to the train and validation files, copies counted. */
  exported: count,
});

/** Stage counts. */
export type StageCounts = z.infer<typeof stageCounts>;

const roleTotals = z.strictObject({ agent: z.number().nonnegative(), general: z.number().nonnegative(), share: z.number().min(0).max(1) });

/** A split measured by records and by tokens (see `MixShare` in shared/mix/sampler.ts). */
export const mixShareSchema = z.strictObject({
  records: roleTotals,
  tokens: roleTotals,
  distinct: z.strictObject({ agent: count, general: count }),
});

/** One file the export wrote. */
export const manifestOutput = z.strictObject({
  /** As the recipe resolves it (relative paths stay relative to the recipe). */
  path: z.string(),
  split: z.enum(['train', 'validation']),
  format: z.enum(EXPORT_FORMATS),
  records: count,
  bytes: count,
  /** SHA-256 of the file's bytes, hex. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
});

/**
 * `<output>.manifest.json`: what is in an export and how to make it again (docs/recipe.md, "Export").
 * Everything but `time` is a function of the inputs, the recipe and the seed, so two runs give
 * byte-identical manifests apart from that field.
 */
export const manifestSchema = z.strictObject({
  app: z.strictObject({ name: z.string(), version: z.string() }),
  /** When the export was written, ISO 8601 UTC: the one field that differs between identical runs. */
  time: z.iso.datetime(),
  /** The recipe with every default filled in. */
  recipe: z.record(z.string(), z.unknown()),
  seed: z.int().nonnegative(),
  /**
   * Every source read: path, content hash, role, format, valid records, and the problems reading
   * it met (records skipped, unreadable parts: `agentmix inspect` lists them).
   */
  inputs: z.array(
    z.strictObject({ path: z.string(), hash: z.string(), role: z.enum(['agent', 'general']), format: z.string(), records: count, problems: count.optional() }),
  ),
  /** Review files applied and how many keys they disagreed on. */
  review: z.strictObject({ files: z.array(z.string()), conflicts: count }),
  counts: z.strictObject({
    total: stageCounts,
    /** By source path. */
    sources: z.record(z.string(), stageCounts),
    /** By task; records without a task count under `(none)`. */
    tasks: z.record(z.string(), stageCounts),
  }),
  mix: z.strictObject({
    /** η asked for, and in which unit. */
    agentShare: z.number().min(0).max(1),
    by: z.enum(['records', 'tokens']),
    total: z.int().positive().optional(),
    /** Whether η was met within one record. */
    reachable: z.boolean(),
    achieved: z.strictObject({ train: mixShareSchema, validation: mixShareSchema }),
    /** The sampler's plain explanations (what was sampled, repeated, capped; why η was missed). */
    notes: z.array(z.string()),
  }),
  outputs: z.array(manifestOutput),
  /** Side files, when written: LLaMA-Factory's `dataset_info.json` or v1 dataset configs, and the Axolotl snippet. */
  extras: z.strictObject({ datasetInfo: z.string().optional(), llamaFactory: z.array(z.string()).optional(), axolotl: z.string().optional() }),
  /** What the format could not hold, converted by a documented rule (conversions.ts): records and turns per rule. */
  conversions: z.record(z.string(), z.strictObject({ records: count, turns: count, rule: z.string() })),
  /** Trainers of the format that do not read per-turn loss flags, and how many turns they train differently from the source. */
  loss: z.array(z.strictObject({ trainer: z.string(), trains: z.enum(['assistant', 'everything']), turns: count, keep: z.string().nullable() })),
  /** Records that could not be written in the chosen format (e.g. a turn holding `[/INST]` in llama2-chat), first 100. */
  skipped: z.strictObject({ count, examples: z.array(z.strictObject({ key: z.string(), message: z.string() })) }),
  /** Things the user should know (e.g. a trainer that ignores loss flags). */
  warnings: z.array(z.string()),
});

/** An export manifest. */
export type Manifest = z.infer<typeof manifestSchema>;

/** Stage counts of nothing, to add to. */
export function emptyStageCounts(): StageCounts {
  return { read: 0, filtered: { total: 0, rules: {} }, duplicates: 0, leaked: 0, reviewed: { accepted: 0, rejected: 0, edited: 0, overrides: 0 }, exported: 0 };
}

/** The task key under which a record without a task is counted. */
export const NO_TASK = '(none)';
