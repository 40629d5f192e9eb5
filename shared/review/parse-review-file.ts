import type { Problem } from '../schema/problem';
import { jsonErrorReason } from '../text/json-error';
import { reviewLine, type ReviewEntry } from './review-line';
import { utf8Length } from './utf8-length';

/** A review file as read: its valid lines in file order, the last line per key, and the problems. */
export interface ParsedReviewFile {
  file: string;
  /** Every valid line, in file order (the history: undo walks it backwards). */
  entries: ReviewEntry[];
  /** The decision per key: the last valid line for it ("later lines win"). */
  latest: Map<string, ReviewEntry>;
  /** One per line that is not JSON or not a review line; the other lines are still read. */
  problems: Problem[];
  /** How many of the problem lines are not JSON at all (a file of such lines is not a review file). */
  notJson: number;
}

/** `key: expected ...` for the first few schema issues of a line, in one sentence. */
function describeIssues(issues: readonly { path: PropertyKey[]; message: string }[]): string {
  const shown = issues.slice(0, 3).map((issue) => `${issue.path.map(String).join('.') || 'line'}: ${issue.message}`);
  const more = issues.length > 3 ? ` (and ${issues.length - 3} more)` : '';
  return `not a review line (${shown.join('; ')}${more}); expected {"key", "decision": "accept"|"reject", "by", "at", ...}`;
}

/**
 * Parses the text of a review file (JSONL, LF or CRLF, optional BOM). Blank lines are skipped.
 * A bad line becomes a problem with file, 1-based line and byte offset, and never costs another line.
 */
export function parseReviewFile(text: string, file: string): ParsedReviewFile {
  const entries: ReviewEntry[] = [];
  const latest = new Map<string, ReviewEntry>();
  const problems: Problem[] = [];
  let notJson = 0;
  let offset = 0;
  let body = text;
  if (body.startsWith('\uFEFF')) {
    body = body.slice(1);
    offset = 3;
  }
  const lines = body.split('\n');
  for (let index = 0; index < lines.length; index++) {
    const raw = lines[index];
    const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    const where = { file, line: index + 1, offset };
    offset += utf8Length(raw) + 1;
    if (line.trim() === '') continue;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      // Never the line itself: the message may reach a browser (docs/security.md).
      const reason = jsonErrorReason(error);
      notJson++;
      const truncated = index === lines.length - 1 && !text.endsWith('\n') ? ' (the last line looks cut off)' : '';
      problems.push({ ...where, message: `not JSON${truncated}: ${reason}` });
      continue;
    }
    const parsed = reviewLine.safeParse(value);
    if (!parsed.success) {
      problems.push({ ...where, message: describeIssues(parsed.error.issues) });
      continue;
    }
    const entry: ReviewEntry = { ...parsed.data, file, line: index + 1 };
    entries.push(entry);
    latest.set(entry.key, entry);
  }
  return { file, entries, latest, problems, notJson };
}
