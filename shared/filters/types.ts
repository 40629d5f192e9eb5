/**
 * The contract of a quality filter (docs/filters.md, "How a filter runs: measure once, judge live").
 *
 * A filter is split in two so that the UI can move thresholds live on 100k records:
 * - `measure()` is the costly part (tokenizing, parsing actions, counting n-grams). The pipeline
 *   runs it once per record per run, in a worker, and keeps the {@link Measurement}.
 * - `judge()` is cheap and pure: it turns a measurement and the current settings into a decision.
 *   The UI re-runs it on every threshold move without reading the shards again.
 * Settings that change what `measure()` computes are listed in `measureKeys`: changing one of
 * them needs a re-run, and the UI says so.
 */
import type { z } from 'zod';
import { ROLES, type Conversation, type Role } from '../schema/conversation';

/** The seven filters, in the order the pipeline runs and reports them. */
export const FILTER_NAMES = ['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe', 'length'] as const;

/** One of {@link FILTER_NAMES}. */
export type FilterName = (typeof FILTER_NAMES)[number];

/** What the pipeline knows about a record besides its conversation. */
export interface FilterContext {
  /** The source's role: AgentInstruct-like trajectories or general chat (ShareGPT). */
  role: 'agent' | 'general';
  /** The record's task (`os`, `db`, ... from the id prefix, a field or the user's mapping), or null. */
  task: string | null;
  /** The reward joined from a scores file by id, when the recipe names one (loaded by the engine). */
  externalReward?: number | null;
  /** Indexes of turns the pipeline found to be shared template prompts (same text in many records). */
  templateTurns?: ReadonlySet<number>;
}

/**
 * Why a record was dropped or flagged, in words a person understands, with where to look.
 * `turn` is a 0-based turn index; `start` and `end` are UTF-16 offsets into that turn's text.
 */
export interface Reason {
  stage: 'filter';
  /** `<filter>.<rule>`, e.g. `format.malformed-turn`: stable, for counting and grouping. */
  rule: string;
  message: string;
  turn?: number;
  start?: number;
  end?: number;
}

/**
 * What `measure()` found: numbers the UI plots (one histogram per key) and the evidence that
 * `judge()` cites. Plain data, so it crosses worker boundaries and can be stored per run.
 * `Score` is the filter's declared score names (`FILTER_SCORES` in scores.ts).
 */
export interface Measurement<Score extends string = string> {
  /** Score name to value. Names are unique across all filters, so they merge into one record. */
  scores: Partial<Record<Score, number>>;
  /** Evidence by key (usually the score it explains): where the worst case is, and what it is. */
  evidence?: Record<string, Reason>;
  /**
   * Where a score was found, for scores whose reason `judge()` words from the score and its turn
   * alone ({@link placeOf}: the turn and its role in one number). Stored in a typed column beside
   * the score, so a filter that gives such evidence for every record (the length filter's longest
   * turn, Gopher's statistics) keeps no object per record (docs/scale.md, "Bounded memory").
   */
  places?: Partial<Record<Score, number>>;
}

/** A turn and its role in one number, for {@link Measurement.places}. */
export function placeOf(turn: number, role: Role): number {
  return turn * ROLES.length + ROLES.indexOf(role);
}

/** The turn and role a {@link placeOf} number names. */
export function placeParts(place: number): { turn: number; role: Role } {
  return { turn: Math.floor(place / ROLES.length), role: ROLES[place % ROLES.length] };
}

/** A filter's decision on one record. */
export interface Outcome {
  decision: 'keep' | 'drop' | 'flag';
  /** Empty when the record is kept. */
  reasons: Reason[];
}

/** One filter: its settings schema, its score names and its two halves (see the module comment). */
export interface FilterDefinition<S, Score extends string = string> {
  name: FilterName;
  /** The scores `measure()` gives (a score it cannot compute for a record is left out). */
  scores: readonly Score[];
  /** Every field has a default (AgentTuning's where the paper has one), `enabled` too: `{}` parses. */
  settings: z.ZodType<S>;
  /** Settings that change `measure()`: changing them needs a re-run. */
  measureKeys: readonly (keyof S)[];
  /** The costly part: once per record per run. */
  measure(conversation: Conversation, context: FilterContext, settings: S): Measurement<Score>;
  /** The cheap part: pure, re-run on every threshold move. */
  judge(measurement: Measurement<Score>, settings: S, context: FilterContext): Outcome;
}

/** What a filter does with a record that breaks its rule: drop it, or keep it flagged for review. */
export type FilterAction = 'drop' | 'flag';
