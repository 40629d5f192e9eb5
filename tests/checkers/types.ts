/**
 * What every trainer checker returns (docs/recipe.md, "Checking what a trainer reads"): for one
 * record, accepted or rejected with reasons, and for an accepted record each message as the
 * trainer sees it, with the trainer's own decision whether it computes loss on it.
 *
 * The checkers are written from the trainers' documentation and loading code (rules, never their
 * code), so a test can compare the loss a trainer would compute, turn by turn, with the source.
 */

/** One message as the trainer sees it. */
export interface CheckedTurn {
  /** The role in the trainer's own vocabulary (`human`, `gpt`, `user`, `assistant`, `tool`...). */
  role: string;
  /** The text the trainer renders for it (tool calls as the trainer writes them). */
  text: string;
  /** Whether the trainer computes loss on this message. */
  trained: boolean;
  /** The trainer drops the message before rendering (FastChat skips a first turn that is not human's). */
  skipped?: true;
}

/** The verdict on one record. */
export type RecordCheck =
  | { ok: true; turns: CheckedTurn[]; notes: string[] }
  | { ok: false; reasons: string[] };

/** A checker of one record. */
export type RecordChecker = (value: unknown) => RecordCheck;

/** The verdict on a file of records. */
export interface FileCheck {
  records: number;
  accepted: number;
  /** Rejected records by position, with their reasons. */
  rejected: { index: number; reasons: string[] }[];
  results: RecordCheck[];
}

/** Runs a record checker over every record of a file. */
export function checkRecords(values: readonly unknown[], check: RecordChecker): FileCheck {
  const results = values.map((value) => check(value));
  const rejected = results.flatMap((result, index) => (result.ok ? [] : [{ index, reasons: result.reasons }]));
  return { records: values.length, accepted: values.length - rejected.length, rejected, results };
}

/** A rejection. */
export function reject(...reasons: string[]): RecordCheck {
  return { ok: false, reasons };
}

/** True for a plain JSON object. */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** `JSON.parse` that says what went wrong instead of throwing. */
export function parseJson(text: string): { ok: true; value: unknown } | { ok: false; message: string } {
  try {
    return { ok: true, value: JSON.parse(text) as unknown };
  } catch (error) {
    return { ok: false, message: error instanceof Error ? error.message : String(error) };
  }
}

/** A short quote of a text for a reason. */
export function quote(text: string, limit = 40): string {
  return JSON.stringify(text.length > limit ? `${text.slice(0, limit)}…` : text);
}
