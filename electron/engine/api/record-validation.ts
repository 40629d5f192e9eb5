import type { z } from 'zod';
import type { textProblemSchema } from '../../../shared/api/records';
import type { Format } from '../../../shared/formats/types';
import type { Conversation } from '../../../shared/schema/conversation';
import { lineColumn, locatePath, splitPathMessage } from './json-locate';

/** A problem in an edited JSON text, placed for Monaco's markers. */
export type TextProblem = z.output<typeof textProblemSchema>;

/** The outcome of validating an edited record. */
export type TextValidation = { ok: true; value: unknown; conversation: Conversation; problems: [] } | { ok: false; problems: TextProblem[] };

/** A problem spanning `start`..`end` (character indexes) of `text`. */
function problemAt(text: string, start: number, end: number, message: string): TextProblem {
  const from = lineColumn(text, start);
  const to = lineColumn(text, Math.max(end, start + 1));
  return { message, line: from.line, column: from.column, endLine: to.line, endColumn: to.column };
}

/** Where a `JSON.parse` error happened: V8 says "at position N"; the end of input otherwise. */
function syntaxErrorIndex(text: string, message: string): number {
  const match = /position (\d+)/.exec(message);
  return match ? Number(match[1]) : text.trimEnd().length;
}

/**
 * Validates the raw JSON of an edited record against its format (docs/ui.md, "Review desk"): a syntax
 * error is placed where the parser stopped; a schema problem at the field its message names.
 */
export function validateRecordText(text: string, format: Format): TextValidation {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const index = syntaxErrorIndex(text, message);
    return { ok: false, problems: [problemAt(text, index, index + 1, `Not valid JSON: ${message}`)] };
  }
  const result = format.read(value);
  if (result.ok) return { ok: true, value, conversation: result.conversation, problems: [] };
  const located = splitPathMessage(result.message);
  const range = (located && locatePath(text, located.path)) ?? locatePath(text, []) ?? { start: 0, end: text.length };
  return { ok: false, problems: [problemAt(text, range.start, range.end, `Not a valid ${format.name} record: ${result.message}`)] };
}
