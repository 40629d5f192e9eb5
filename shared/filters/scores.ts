/**
 * The score names each filter's `measure()` gives, declared once (docs/filters.md, "Scores"):
 * the stored score columns, the filters panel's threshold controls, the counts and the export's
 * token weights all name scores through these types, so renaming a score fails the typecheck
 * everywhere it is read. Kept apart from the measuring code so the UI can import it.
 */
import type { FilterName } from './types';

/** Gopher's repetition statistics (Rae et al. 2021, Table A1), in the table's order. */
export const REPETITION_STATISTICS = [
  'duplicateLineShare',
  'duplicateParagraphShare',
  'duplicateLineCharShare',
  'duplicateParagraphCharShare',
  'top2GramShare',
  'top3GramShare',
  'top4GramShare',
  'duplicate5GramShare',
  'duplicate6GramShare',
  'duplicate7GramShare',
  'duplicate8GramShare',
  'duplicate9GramShare',
  'duplicate10GramShare',
] as const;

/** Every filter's score names (unique across filters, so a record's scores merge into one map). */
export const FILTER_SCORES = {
  reward: ['reward', 'rewardMissing'],
  structure: ['structureViolations', 'trailingObservation'],
  format: ['malformedTurns', 'semanticTurns', 'actionTurns'],
  repetition: ['loopLength', ...REPETITION_STATISTICS],
  refusal: ['refusalMatches'],
  unsafe: ['fetchAndRunMatches', 'diskWipeMatches', 'reverseShellMatches', 'credentialExfiltrationMatches', 'customUnsafeMatches'],
  length: ['tokens', 'trainableTokens', 'turns', 'characters', 'maxTurnChars'],
} as const satisfies Record<FilterName, readonly string[]>;

/** A score of filter `F`. */
export type ScoreOf<F extends FilterName> = (typeof FILTER_SCORES)[F][number];

/** A score of any filter. */
export type ScoreName = ScoreOf<FilterName>;

/** A filter's scores of one record (a score it did not give is absent). */
export type ScoresOf<F extends FilterName> = Partial<Record<ScoreOf<F>, number>>;

/** The filter each score belongs to. */
export const SCORE_FILTER: ReadonlyMap<ScoreName, FilterName> = new Map(
  (Object.keys(FILTER_SCORES) as FilterName[]).flatMap((filter) => FILTER_SCORES[filter].map((score): [ScoreName, FilterName] => [score, filter])),
);

/** Whether a name (from a request, a file) is a filter's score. */
export function isScoreName(name: string): name is ScoreName {
  return SCORE_FILTER.has(name as ScoreName);
}

/** The length filter's Llama-2 token count of a whole conversation (chat template included): the mix "by tokens", the counts' token share, the grid's Tokens column. */
export const TOKENS_SCORE = 'tokens' satisfies ScoreOf<'length'>;

/** The reward filter's reward (the dedup keep policy's first criterion). */
export const REWARD_SCORE = 'reward' satisfies ScoreOf<'reward'>;
