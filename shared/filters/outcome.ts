/**
 * Building and combining filter outcomes, and the settings every filter shares.
 */
import { z } from 'zod';
import type { FilterAction, Outcome, Reason } from './types';

/** `enabled` and `action`, the two settings every filter has. */
export const commonSettings = {
  /** `false` keeps every record (the filter still measures, so switching it back on is live). */
  enabled: z.boolean().default(true),
  /** What to do with a record that breaks the rule: drop it, or keep it flagged for review. */
  action: z.enum(['drop', 'flag']).default('drop'),
};

/** A kept record: no reasons. */
export function keep(): Outcome {
  return { decision: 'keep', reasons: [] };
}

/** Keeps the record when there are no reasons, else applies the filter's action. */
export function decide(reasons: Reason[], action: FilterAction): Outcome {
  return reasons.length === 0 ? keep() : { decision: action, reasons };
}

/** The outcome of several filters: dropped if any drops, else flagged if any flags; all reasons kept. */
export function combineOutcomes(outcomes: readonly Outcome[]): Outcome {
  let decision: Outcome['decision'] = 'keep';
  const reasons: Reason[] = [];
  for (const outcome of outcomes) {
    if (outcome.decision === 'drop') decision = 'drop';
    else if (outcome.decision === 'flag' && decision === 'keep') decision = 'flag';
    if (outcome.decision !== 'keep') reasons.push(...outcome.reasons);
  }
  return { decision, reasons };
}

/** A short quote of `text` for a message: its first non-empty line, cut at `limit` characters, in backticks. */
export function excerpt(text: string, limit = 60): string {
  const line = text.split('\n').find((candidate) => candidate.trim().length > 0)?.trim() ?? '';
  if (line.length === 0) return 'nothing';
  const cut = line.length > limit ? `${line.slice(0, limit)}…` : line;
  return `\`${cut.replaceAll('`', "'")}\``;
}
