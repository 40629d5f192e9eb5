import type { z } from 'zod';
import type { Turn } from '../schema/conversation';
import { conversationOf, type RecordExtras } from './record-fields';
import type { ReadContext, ReadResult } from './types';

/** The part of a zod 4 issue this module reads (zod's own type is a wide union). */
interface IssueLike {
  code: string;
  path: PropertyKey[];
  message: string;
  expected?: string;
  values?: readonly unknown[];
  errors?: IssueLike[][];
}

/**
 * Validates `value` and, when it passes, normalizes it with the format's `turnsOf`. `isValid` is the
 * format's hand-written twin of its zod schema (see common-schemas.ts); zod runs only when the twin
 * refuses the record, to say why, and if zod accepts it after all, zod, being the spec, wins. Neither
 * copies the record, so `raw` stays the very object that was parsed and nothing in it is lost.
 */
export function readValidated(
  schema: z.ZodType,
  isValid: (value: unknown) => boolean,
  value: unknown,
  context: ReadContext | undefined,
  turnsOf: (record: Record<string, unknown>) => Turn[],
  extrasOf?: (record: Record<string, unknown>, context: ReadContext | undefined) => RecordExtras,
): ReadResult {
  if (!isValid(value)) {
    const result = schema.safeParse(value);
    if (!result.success) return { ok: false, message: validationMessage(result.error.issues as IssueLike[], value) };
  }
  const record = value as Record<string, unknown>;
  return { ok: true, conversation: conversationOf(record, turnsOf(record), context, extrasOf?.(record, context)) };
}

/**
 * One line a person can act on for the first issue, naming the field path, what was expected and
 * what was found, e.g. `conversations[3].from: expected one of human, gpt; found "bot"`.
 * Further issues are counted, not listed.
 */
export function validationMessage(issues: readonly IssueLike[], value: unknown): string {
  const first = innermost(issues[0], []);
  const found = describeValue(valueAt(value, first.path));
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more problem${issues.length > 2 ? 's' : ''} in this record)` : '';
  return `${formatPath(first.path)}: ${expectation(first.issue)}; found ${found}${more}`;
}

/**
 * A union whose options all fail reports one issue per option. When exactly one option got past the
 * top-level type check (its issues lie deeper), that option is what the record meant, so its issue
 * is the one to show, with the full path.
 */
function innermost(issue: IssueLike, base: PropertyKey[]): { issue: IssueLike; path: PropertyKey[] } {
  const path = [...base, ...issue.path];
  if (issue.code === 'invalid_union' && issue.errors !== undefined) {
    const deeper = issue.errors.filter((option) => option.some((nested) => nested.path.length > 0));
    if (deeper.length === 1) return innermost(deeper[0][0], path);
  }
  return { issue, path };
}

function expectation(issue: IssueLike): string {
  // Custom messages in our schemas already read "expected ..." and say it best.
  if (issue.message.startsWith('expected')) return issue.message;
  if (issue.code === 'invalid_type' && issue.expected !== undefined) return `expected ${withArticle(issue.expected)}`;
  if (issue.code === 'invalid_value' && issue.values !== undefined) {
    const values = issue.values.map((item) => (typeof item === 'string' ? item : JSON.stringify(item)));
    return values.length === 1 ? `expected ${values[0]}` : `expected one of ${values.join(', ')}`;
  }
  return `expected a valid value (${issue.message})`;
}

function withArticle(type: string): string {
  if (type === 'null' || type === 'undefined') return type;
  return /^[aeiou]/.test(type) ? `an ${type}` : `a ${type}`;
}

/** `conversations[3].from`; the record itself when the path is empty. */
export function formatPath(path: readonly PropertyKey[]): string {
  if (path.length === 0) return 'record';
  let text = '';
  for (const key of path) {
    if (typeof key === 'number') text += `[${key}]`;
    else text += text === '' ? String(key) : `.${String(key)}`;
  }
  return text;
}

function valueAt(value: unknown, path: readonly PropertyKey[]): unknown {
  let current = value;
  for (const key of path) {
    if (typeof current !== 'object' || current === null) return undefined;
    current = (current as Record<PropertyKey, unknown>)[key];
  }
  return current;
}

/** How a found value reads in a message: short, typed, never the whole of a long text. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing (the field is missing)';
  if (value === null) return 'null';
  if (typeof value === 'string') {
    const shown = value.length > 60 ? `${value.slice(0, 57)}...` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === 'number' || typeof value === 'boolean') return `${typeof value} ${String(value)}`;
  if (Array.isArray(value)) return `an array of ${value.length}`;
  if (typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'an empty object' : `an object with keys ${keys.slice(0, 8).join(', ')}${keys.length > 8 ? ', ...' : ''}`;
  }
  return typeof value;
}
