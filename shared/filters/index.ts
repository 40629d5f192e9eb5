/**
 * The registry of the seven quality filters and the recipe's `filters` settings.
 *
 * The pipeline calls {@link measureAll} once per record (in a worker) and keeps the
 * measurements; the engine and the UI call {@link judgeAll} with the current settings as often as
 * they like. {@link needsRemeasure} says whether a settings change needs the first step again.
 */
import type { Conversation } from '../schema/conversation';
import { formatFilter } from './format';
import { lengthFilter } from './length';
import { combineOutcomes } from './outcome';
import { refusalFilter } from './refusal';
import { repetitionFilter } from './repetition';
import { rewardFilter } from './reward';
import { structureFilter } from './structure';
import type { ScoreName, ScoreOf } from './scores';
import type { FilterSettings } from './settings';
import { FILTER_NAMES, type FilterContext, type FilterDefinition, type FilterName, type Measurement, type Outcome } from './types';
import { unsafeFilter } from './unsafe';

/** Each filter, typed with its own settings and score names. */
export type FilterRegistry = { readonly [Name in FilterName]: FilterDefinition<FilterSettings[Name], ScoreOf<Name>> };

/** The seven filters by name. */
export const FILTERS: FilterRegistry = {
  reward: rewardFilter,
  structure: structureFilter,
  format: formatFilter,
  repetition: repetitionFilter,
  refusal: refusalFilter,
  unsafe: unsafeFilter,
  length: lengthFilter,
};

/** The measurements of every filter for one record. */
export type Measurements = { [Name in FilterName]: Measurement<ScoreOf<Name>> };

/** The outcome of every filter for one record, and their combination. */
export interface Verdict {
  /** Dropped if any filter drops, else flagged if any flags, else kept; all reasons, in filter order. */
  outcome: Outcome;
  byFilter: Record<FilterName, Outcome>;
}

/** Measures a record with one filter (after {@link needsRemeasure}, only the stale ones need it). */
export function measureFilter<Name extends FilterName>(name: Name, conversation: Conversation, context: FilterContext, settings: FilterSettings): Measurement<ScoreOf<Name>> {
  const filter: FilterDefinition<FilterSettings[Name], ScoreOf<Name>> = FILTERS[name];
  return filter.measure(conversation, context, settings[name]);
}

/** Judges one filter's measurement with the current settings. */
export function judgeFilter<Name extends FilterName>(name: Name, measurement: Measurement<ScoreOf<Name>>, context: FilterContext, settings: FilterSettings): Outcome {
  const filter: FilterDefinition<FilterSettings[Name], ScoreOf<Name>> = FILTERS[name];
  return filter.judge(measurement, settings[name], context);
}

/**
 * Measures a record with every filter, disabled ones included, so that switching a filter on in
 * the UI needs no re-run. The costly step: once per record per run.
 */
export function measureAll(conversation: Conversation, context: FilterContext, settings: FilterSettings): Measurements {
  const measurements = {} as Record<FilterName, Measurement>;
  for (const name of FILTER_NAMES) measurements[name] = measureFilter(name, conversation, context, settings);
  return measurements as Measurements;
}

/** Judges a record's measurements with the current settings: cheap and pure. */
export function judgeAll(measurements: Measurements, context: FilterContext, settings: FilterSettings): Verdict {
  const byFilter = {} as Record<FilterName, Outcome>;
  for (const name of FILTER_NAMES) byFilter[name] = judgeFilter(name, measurements[name], context, settings);
  return { outcome: combineOutcomes(FILTER_NAMES.map((name) => byFilter[name])), byFilter };
}

/** Every score of a record in one flat map (score names are unique across filters). */
export function flattenScores(measurements: Measurements): Partial<Record<ScoreName, number>> {
  const scores: Partial<Record<ScoreName, number>> = {};
  for (const name of FILTER_NAMES) Object.assign(scores, measurements[name].scores);
  return scores;
}

/**
 * The filters whose measurements a settings change makes stale: those where a setting listed in
 * `measureKeys` differs. Anything else is re-judged live.
 */
export function needsRemeasure(before: FilterSettings, after: FilterSettings): FilterName[] {
  return FILTER_NAMES.filter((name) => {
    const keys = FILTERS[name].measureKeys as readonly string[];
    const old = before[name] as Record<string, unknown>;
    const next = after[name] as Record<string, unknown>;
    return keys.some((key) => JSON.stringify(old[key]) !== JSON.stringify(next[key]));
  });
}

export { combineOutcomes } from './outcome';
export { FILTER_SCORES, isScoreName, REWARD_SCORE, SCORE_FILTER, TOKENS_SCORE, type ScoreName, type ScoreOf, type ScoresOf } from './scores';
export { filterSettings, type FilterSettings } from './settings';
export { FILTER_NAMES } from './types';
export type { FilterContext, FilterDefinition, FilterName, Measurement, Outcome, Reason } from './types';
