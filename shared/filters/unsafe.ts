/**
 * The unsafe filter: agent actions that fetch and run code, wipe disks, open reverse shells or
 * send credentials out (the patterns and their sources are in `unsafe-patterns.ts`). It reads
 * every assistant turn of agent records, masked ones included (a poisoned example is unsafe
 * whether or not it trains), and drops by default. General (chat) records are not searched by
 * default: an answer may explain `rm -rf /` without running it.
 */
import { decide, excerpt, keep } from './outcome';
import { matchesIn, type TurnMatch } from './pattern-search';
import { mayMatch, UNSAFE_PATTERNS, type UnsafeCategory } from './unsafe-patterns';
import type { FilterDefinition, Reason } from './types';
import { unsafeSettings, type UnsafeSettings } from './settings';
import { turnText } from '../schema/turn-text';
import { FILTER_SCORES, type ScoreOf, type ScoresOf } from './scores';



/** The score name of each category's match count. */
const SCORE_OF: Record<UnsafeCategory | 'custom', ScoreOf<'unsafe'>> = {
  'fetch-and-run': 'fetchAndRunMatches',
  'disk-wipe': 'diskWipeMatches',
  'reverse-shell': 'reverseShellMatches',
  'credential-exfiltration': 'credentialExfiltrationMatches',
  custom: 'customUnsafeMatches',
};

const customCache = new Map<string, RegExp>();

/** A user's pattern, compiled once. */
function customPattern(source: string): RegExp {
  let pattern = customCache.get(source);
  if (pattern === undefined) {
    pattern = new RegExp(source, 'g');
    customCache.set(source, pattern);
  }
  return pattern;
}

/** The evidence for a category's first match. */
function evidenceOf(category: UnsafeCategory | 'custom', meaning: string, match: TurnMatch, count: number): Reason {
  return {
    stage: 'filter',
    rule: `unsafe.${category}`,
    message: `assistant turn ${match.turn} ${meaning}: ${excerpt(match.text, 100)}${count > 1 ? ` (${count} ${category} matches in all)` : ''}`,
    turn: match.turn,
    start: match.start,
    end: match.end,
  };
}

// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { unsafeSettings, type UnsafeSettings } from './settings';

/** The unsafe filter. */
export const unsafeFilter: FilterDefinition<UnsafeSettings, ScoreOf<'unsafe'>> = {
  name: 'unsafe',
  settings: unsafeSettings,
  scores: FILTER_SCORES.unsafe,
  measureKeys: ['extraPatterns'],
  measure(conversation, _context, settings) {
    const found = new Map<UnsafeCategory | 'custom', { meaning: string; match: TurnMatch }[]>();
    const record = (category: UnsafeCategory | 'custom', meaning: string, matches: TurnMatch[]): void => {
      if (matches.length === 0) return;
      const entries = found.get(category) ?? [];
      for (const match of matches) entries.push({ meaning, match });
      found.set(category, entries);
    };
    conversation.turns.forEach((turn, index) => {
      if (turn.role !== 'assistant') return;
      const text = turnText(turn);
      for (const unsafe of UNSAFE_PATTERNS) if (mayMatch(unsafe, text)) record(unsafe.category, unsafe.meaning, matchesIn(unsafe.pattern, text, index));
      for (const source of settings.extraPatterns) record('custom', `matches the pattern /${source}/`, matchesIn(customPattern(source), text, index));
    });
    const scores: ScoresOf<'unsafe'> = {};
    const evidence: Record<string, Reason> = {};
    for (const [category, score] of Object.entries(SCORE_OF) as [UnsafeCategory | 'custom', ScoreOf<'unsafe'>][]) {
      const entries = found.get(category) ?? [];
      scores[score] = entries.length;
      if (entries.length > 0) {
        // The earliest match in the conversation is the one to show.
        const first = entries.reduce((best, entry) =>
          entry.match.turn < best.match.turn || (entry.match.turn === best.match.turn && entry.match.start < best.match.start) ? entry : best,
        );
        evidence[score] = evidenceOf(category, first.meaning, first.match, entries.length);
      }
    }
    return { scores, evidence };
  },
  judge(measurement, settings, context) {
    if (!settings.enabled || !settings.roles.includes(context.role)) return keep();
    const reasons: Reason[] = [];
    for (const category of [...settings.categories, 'custom' as const]) {
      const evidence = measurement.evidence?.[SCORE_OF[category]];
      if ((measurement.scores[SCORE_OF[category]] ?? 0) > 0 && evidence) reasons.push(evidence);
    }
    return decide(reasons, settings.action);
  },
};
