/**
 * The refusal filter: assistant turns that refuse or disclaim instead of answering, the third
 * failure class of the AgentTuning paper's error analysis. Only trainable assistant turns are
 * searched: a refusal in a user turn is a question, and a masked turn teaches nothing.
 *
 * The default phrases are the unambiguous core of the lists used to clean ShareGPT for Vicuna
 * (e.g. ShareGPT_Vicuna_unfiltered's `optional_clean.py`), which also hold single words such as
 * "OpenAI" or "inappropriate" that would reject ordinary answers; they are meant to be edited.
 * The bare "As a language model" is left out: FastChat's own identity answers open with it ("As a
 * language model, I go by the name Vicuna"), which is not a refusal.
 */
import { trains } from '../schema/conversation';
import { decide, keep } from './outcome';
import { matchesIn, phrasePattern, type TurnMatch } from './pattern-search';
import type { FilterDefinition } from './types';
import { refusalSettings, type RefusalSettings } from './settings';
import { turnText } from '../schema/turn-text';
import { FILTER_SCORES, type ScoreOf } from './scores';


// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { DEFAULT_REFUSAL_PHRASES, refusalSettings, type RefusalSettings } from './settings';

/** The refusal filter. */
export const refusalFilter: FilterDefinition<RefusalSettings, ScoreOf<'refusal'>> = {
  name: 'refusal',
  settings: refusalSettings,
  scores: FILTER_SCORES.refusal,
  measureKeys: ['phrases'],
  measure(conversation, context, settings) {
    const pattern = phrasePattern(settings.phrases);
    if (pattern === null) return { scores: { refusalMatches: 0 } };
    const matches: TurnMatch[] = [];
    conversation.turns.forEach((turn, index) => {
      if (trains(turn) && !context.templateTurns?.has(index)) for (const match of matchesIn(pattern, turnText(turn), index)) matches.push(match);
    });
    const first = matches[0];
    if (first === undefined) return { scores: { refusalMatches: 0 } };
    return {
      scores: { refusalMatches: matches.length },
      evidence: {
        refusalMatches: {
          stage: 'filter',
          rule: 'refusal.phrase',
          message: `assistant turn ${first.turn} refuses: "${first.text}"${matches.length > 1 ? ` (${matches.length} refusal phrases in all)` : ''}`,
          turn: first.turn,
          start: first.start,
          end: first.end,
        },
      },
    };
  },
  judge(measurement, settings, context) {
    if (!settings.enabled || !settings.roles.includes(context.role)) return keep();
    const evidence = measurement.evidence?.refusalMatches;
    if ((measurement.scores.refusalMatches ?? 0) < settings.minMatches || evidence === undefined) return keep();
    return decide([evidence], settings.action);
  },
};
