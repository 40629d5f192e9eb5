/**
 * Building and combining filter outcomes.
 */
import type { FilterAction, Outcome, Reason } from './types';

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
    if (outcome.decision !== 'keep') for (const reason of outcome.reasons) reasons.push(reason);
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
