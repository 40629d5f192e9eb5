import { z } from 'zod';
import type { ReviewLine } from './review-line';

/** The recipe's review rules. */
export const reviewRules = z.strictObject({
  /**
   * Whether an accept may put back a record the leakage check dropped. Off by default: a record that
   * shares long n-grams with an evaluation set inflates the scores it is evaluated on, and one
   * annotator's click should not be enough to let it in.
   */
  overrideLeakage: z.boolean().default(false),
});

/** The review rules with defaults applied. */
export type ReviewRules = z.infer<typeof reviewRules>;

/** The pipeline stage whose drops review cannot override unless {@link ReviewRules.overrideLeakage}. */
export const LEAKAGE_STAGE = 'leakage';

/** One reason a stage gave for dropping a record (the verdict line of `agentmix run --verdicts`). */
export interface VerdictReason {
  /** `filter`, `dedup`, `leakage`. */
  stage: string;
  /** Stable rule id, e.g. `format.malformed-turn`. */
  rule: string;
  message: string;
}

/** What the pipeline concluded about a record: the part review needs. */
export interface ReviewVerdict {
  kept: boolean;
  /** Why it was dropped; empty when kept. */
  reasons: readonly VerdictReason[];
}

/** Whether the record goes into the export, and why, in words. */
export interface FinalDecision {
  included: boolean;
  /** Who settled it: the pipeline stages alone, or a reviewer. */
  decidedBy: 'filters' | 'review';
  /** True when an accept put back a record the stages dropped (the UI shows the override). */
  override: boolean;
  /** True when the reviewer's edited record is what gets exported. */
  edited: boolean;
  why: string;
}

/** True when the decision carries an edit that the pipeline must re-check before {@link applyReview}. */
export function needsRecheck(decision: ReviewLine | undefined): boolean {
  return decision !== undefined && decision.decision === 'accept' && decision.edited !== undefined;
}

function listRules(reasons: readonly VerdictReason[]): string {
  return [...new Set(reasons.map((reason) => reason.rule))].join(', ');
}

function describeDrop(reasons: readonly VerdictReason[]): string {
  if (reasons.length === 0) return 'dropped';
  const first = reasons[0];
  const more = reasons.length > 1 ? ` (and ${listRules(reasons.slice(1))})` : '';
  return `dropped by ${first.rule}: ${first.message}${more}`;
}

/**
 * The review rules (docs/recipe.md, "Review files") as one pure function the pipeline calls per record:
 * - no decision: the stages decide;
 * - rejected: out, whatever the stages say;
 * - accepted: in, even when a stage dropped it (an override), except a leakage drop, which stays
 *   out unless `rules.overrideLeakage`;
 * - accepted with an edit: the edited record is exported; pass the verdict of the edited record,
 *   re-checked by the stages ({@link needsRecheck}), and its outcome is reported the same way.
 */
export function applyReview(verdict: ReviewVerdict, decision: ReviewLine | undefined, rules: ReviewRules): FinalDecision {
  const stages = verdict.kept ? 'kept by every stage' : describeDrop(verdict.reasons);
  if (decision === undefined) {
    return { included: verdict.kept, decidedBy: 'filters', override: false, edited: false, why: stages };
  }
  const who = `${decision.by || 'a reviewer'} at ${decision.at}`;
  if (decision.decision === 'reject') {
    const reason = decision.reason ? `: ${decision.reason}` : '';
    const stagesSaid = verdict.kept ? 'the stages had kept it' : `the stages had also ${stages}`;
    return { included: false, decidedBy: 'review', override: false, edited: false, why: `rejected by ${who}${reason}; ${stagesSaid}` };
  }
  const edited = decision.edited !== undefined;
  const what = edited ? `edited and accepted by ${who}; the edited record, re-checked, was` : `accepted by ${who}; the record was`;
  if (verdict.kept) {
    return { included: true, decidedBy: 'review', override: false, edited, why: `${what} kept by every stage` };
  }
  const leaked = verdict.reasons.filter((reason) => reason.stage === LEAKAGE_STAGE);
  if (leaked.length > 0 && !rules.overrideLeakage) {
    return {
      included: false,
      decidedBy: 'filters',
      override: false,
      edited,
      why:
        `${what} ${describeDrop(leaked)}; review cannot override leakage ` +
        '(set review.overrideLeakage in the recipe to allow it)',
    };
  }
  return {
    included: true,
    decidedBy: 'review',
    override: true,
    edited,
    why: `${what} ${describeDrop(verdict.reasons)}; the accept overrides ${listRules(verdict.reasons)}`,
  };
}
