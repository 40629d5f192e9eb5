import { z } from 'zod';

/**
 * What η means here, exactly (trainers disagree on what a mixing weight is: TRL #2112,
 * LLaMA-Factory #8814, axolotl #1508):
 *
 *   η = agent records / all records of the train split      (`by: 'records'`)
 *   η = agent tokens  / all tokens  of the train split      (`by: 'tokens'`)
 *
 * counting a repeated record once per copy, and leaving the validation split out. AgentTuning
 * (Zeng et al. 2023, arXiv 2310.12823) trains AgentLM on η·AgentInstruct + (1−η)·general data
 * and chose η = 0.2.
 */
export const AGENTTUNING_AGENT_SHARE = 0.2;

/**
 * The seed AgentTuning's own validation sample used (`AgentInstruct/extract_val_set.py` samples with seed 42);
 * any fixed number does, this one is merely familiar.
 */
export const DEFAULT_MIX_SEED = 42;

/** Per-task settings for agent records. */
export const taskMixSettings = z.strictObject({
  /**
   * How many times each record of the task is used, before η is applied: 2 repeats every record,
   * 0.5 keeps a seeded half, 0 leaves the task out. Default 1.
   */
  weight: z.number().nonnegative().optional(),
  /** At most this many records of the task (copies counted), after the weight. */
  cap: z.number().int().nonnegative().optional(),
});

/** Per-source settings (any role). */
export const sourceMixSettings = z.strictObject({
  /** At most this many distinct records from the source, drawn with the seed. */
  cap: z.number().int().nonnegative(),
});

/**
 * The `mix` section of a recipe. Defaults follow AgentTuning: η = 0.2 by records, every kept agent
 * record used once, general records sampled to reach η.
 */
export const mixSettings = z.strictObject({
  /** η, the agent share of the train split (see {@link AGENTTUNING_AGENT_SHARE} for the definition). */
  agentShare: z.number().min(0).max(1).default(AGENTTUNING_AGENT_SHARE),
  /** Whether η and `total` count records or Llama-2 tokens. */
  by: z.enum(['records', 'tokens']).default('records'),
  /**
   * A fixed size of the whole export (train and validation), in the unit of `by`. Without it, every
   * agent record is used and general records are sampled to reach η; with it, agent records are
   * down-sampled or (when `upsample` allows) repeated to make η·total.
   */
  total: z.number().int().positive().optional(),
  /** Weights and caps of agent tasks, by task name (`os`, `db`, ...). */
  tasks: z.record(z.string(), taskMixSettings).default({}),
  /** Caps per source, by the source's path as the recipe writes it. */
  sources: z.record(z.string(), sourceMixSettings).default({}),
  /**
   * Which role may repeat records when there are too few to reach the target: agent records repeat
   * by default (a fixed `total` larger than the agent data needs it); general records never do unless
   * asked, since repeating web conversations buys little.
   */
  upsample: z.enum(['none', 'agent', 'general', 'both']).default('agent'),
  /** The seed of every random choice of the mix (xoshiro128**, see shared/mix/random.ts). */
  seed: z.number().int().nonnegative().max(Number.MAX_SAFE_INTEGER).default(DEFAULT_MIX_SEED),
  /** Fraction of distinct selected records held out for validation, stratified by role, source and task. */
  validation: z.number().min(0).lt(1).default(0),
});

/** The mix settings with defaults applied. */
export type MixSettings = z.infer<typeof mixSettings>;

/** The mix settings as a recipe may write them (every field optional). */
export type MixSettingsInput = z.input<typeof mixSettings>;
