import { stableStringify } from '../export/stable-json';
import type { Problem } from '../schema/problem';
import type { ParsedReviewFile } from './parse-review-file';
import type { ReviewEntry } from './review-line';

/** Two or more review files disagree on a key. */
export interface ReviewConflict {
  key: string;
  /** The files that decided the key, in recipe order. */
  files: string[];
  /** Each file's last decision on the key. */
  decisions: { file: string; line: number; decision: ReviewEntry['decision']; edited: boolean; by: string; at: string }[];
  /** The decision that applies (see {@link mergeReviews}). */
  winner: { file: string; line: number };
}

/** Several review files made one. */
export interface MergedReview {
  /** The decision per key. */
  decisions: Map<string, ReviewEntry>;
  /** Keys on which files disagree, sorted by key. */
  conflicts: ReviewConflict[];
  /** Every file's problems, in recipe order. */
  problems: Problem[];
}

/** Whether two decisions say different things: accept vs reject, or different edits. */
function disagree(a: ReviewEntry, b: ReviewEntry): boolean {
  return a.decision !== b.decision || stableStringify(a.edited ?? null) !== stableStringify(b.edited ?? null);
}

/**
 * Merges review files given in recipe order. Within a file later lines win. Across files the
 * decision with the latest `at` wins, and on equal times the file named later in the recipe; the
 * rule is the same whatever the order the files were read in. Keys on which the files'
 * decisions differ (accept vs reject, or different edits) are reported as conflicts.
 */
export function mergeReviews(files: readonly ParsedReviewFile[]): MergedReview {
  const byKey = new Map<string, { entry: ReviewEntry; rank: number }[]>();
  files.forEach((parsed, rank) => {
    for (const entry of parsed.latest.values()) {
      const list = byKey.get(entry.key);
      if (list) list.push({ entry, rank });
      else byKey.set(entry.key, [{ entry, rank }]);
    }
  });
  const decisions = new Map<string, ReviewEntry>();
  const conflicts: ReviewConflict[] = [];
  for (const [key, list] of byKey) {
    let winner = list[0];
    for (const candidate of list.slice(1)) {
      const time = Date.parse(candidate.entry.at) - Date.parse(winner.entry.at);
      if (time > 0 || (time === 0 && candidate.rank > winner.rank)) winner = candidate;
    }
    decisions.set(key, winner.entry);
    if (list.some(({ entry }) => disagree(entry, winner.entry))) {
      conflicts.push({
        key,
        files: list.map(({ entry }) => entry.file),
        decisions: list.map(({ entry }) => ({
          file: entry.file,
          line: entry.line,
          decision: entry.decision,
          edited: entry.edited !== undefined,
          by: entry.by,
          at: entry.at,
        })),
        winner: { file: winner.entry.file, line: winner.entry.line },
      });
    }
  }
  conflicts.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  return { decisions, conflicts, problems: files.flatMap((parsed) => parsed.problems) };
}
