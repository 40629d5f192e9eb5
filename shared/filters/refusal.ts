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
import { z } from 'zod';
import { trains } from '../schema/conversation';
import { commonSettings, decide, keep } from './outcome';
import { matchesIn, phrasePattern, type TurnMatch } from './pattern-search';
import type { FilterDefinition } from './types';

/** The default refusal phrases (case-insensitive; ' matches ’). */
export const DEFAULT_REFUSAL_PHRASES: readonly string[] = [
  'As an AI language model',
  'As a language model, I cannot',
  'As a language model, I can\'t',
  'As a language model, I don\'t have',
  'As an AI, I cannot',
  'As an AI, I can\'t',
  'I\'m sorry, but I cannot',
  'I\'m sorry, but I can\'t',
  'I am sorry, but I cannot',
  'I apologize, but I cannot',
  'I apologize, but I can\'t',
  'I cannot fulfill',
  'I can\'t fulfill',
  'I cannot comply',
  'I can\'t comply',
  'I cannot assist with',
  'I can\'t assist with',
  'I\'m not able to provide',
  'I am not able to provide',
  'I\'m unable to provide',
  'against my programming',
  'my programming does not allow',
  'OpenAI\'s content policy',
  'OpenAI\'s use case policy',
  'it is not appropriate for me to',
];

/** Settings of the refusal filter. */
export const refusalSettings = z.object({
  ...commonSettings,
  /** Phrases that mark a refusal. */
  phrases: z.array(z.string()).default(() => [...DEFAULT_REFUSAL_PHRASES]),
  /** Drop when the assistant turns hold at least this many matches. */
  minMatches: z.number().int().min(1).default(1),
  /** The roles searched. */
  roles: z.array(z.enum(['agent', 'general'])).default(() => ['agent' as const, 'general' as const]),
});

/** Parsed refusal settings. */
export type RefusalSettings = z.output<typeof refusalSettings>;

/** The refusal filter. */
export const refusalFilter: FilterDefinition<RefusalSettings> = {
  name: 'refusal',
  settings: refusalSettings,
  measureKeys: ['phrases'],
  measure(conversation, context, settings) {
    const pattern = phrasePattern(settings.phrases);
    if (pattern === null) return { scores: { refusalMatches: 0 } };
    const matches: TurnMatch[] = [];
    conversation.turns.forEach((turn, index) => {
      if (trains(turn) && !context.templateTurns?.has(index)) matches.push(...matchesIn(pattern, turn.text, index));
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
