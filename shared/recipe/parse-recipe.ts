/**
 * Parsing a recipe with messages a person can act on: every problem names the field by its path
 * (`filters.reward.minimumByTask.os: expected a number, got "high"`), and the caller adds the file.
 */
import type { z } from 'zod';
import { recipeSchema, type Recipe } from './schema';

/** One problem of a recipe: the field's dotted path (`sources.0.path`) and what is wrong. */
export interface RecipeIssue {
  path: string;
  message: string;
}

/** A parsed recipe, or its problems. */
export type RecipeParse = { ok: true; recipe: Recipe } | { ok: false; issues: RecipeIssue[] };

/** `sources.0.path` for a zod path; `(recipe)` for the top level. */
export function issuePath(path: readonly PropertyKey[]): string {
  return path.length === 0 ? '(recipe)' : path.map(String).join('.');
}

/** The JSON type of a value, for "got ..." in messages. */
function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'string') return value.length > 40 ? `a string` : JSON.stringify(value);
  if (typeof value === 'object') return 'an object';
  return String(value);
}

/** The value at a zod path of the input, for the "got ..." part of a message. */
function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (value === null || typeof value !== 'object') return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/** A bound for messages: `≥ 8`, `< 1`. */
function describeRange(minimum: unknown, maximum: unknown, inclusive: boolean): string {
  if (minimum !== undefined) return `${inclusive ? '≥' : '>'} ${String(minimum)}`;
  return `${inclusive ? '≤' : '<'} ${String(maximum)}`;
}

/** Zod's type names in words. */
const TYPE_WORDS: Record<string, string> = { number: 'a number', string: 'a string', boolean: 'true or false', array: 'an array', object: 'an object', int: 'an integer' };

/** Rewrites one zod issue into `expected ...` words. */
function describeIssue(issue: z.core.$ZodIssue, input: unknown): string {
  const got = describeValue(valueAt(input, issue.path));
  switch (issue.code) {
    case 'invalid_type':
      return got === 'nothing' ? `required: expected ${TYPE_WORDS[issue.expected] ?? issue.expected}` : `expected ${TYPE_WORDS[issue.expected] ?? issue.expected}, got ${got}`;
    case 'unrecognized_keys':
      return `unknown field${issue.keys.length > 1 ? 's' : ''} ${issue.keys.map((key) => `"${key}"`).join(', ')} (misspelt? docs/recipe.md lists every field)`;
    case 'too_small':
      if (issue.origin === 'array') return `expected at least ${String(issue.minimum)} item${issue.minimum === 1 ? '' : 's'}`;
      if (issue.origin === 'string') return 'expected a non-empty string';
      return `expected a number ${describeRange(issue.minimum, undefined, issue.inclusive !== false)}, got ${got}`;
    case 'too_big':
      if (issue.origin === 'array' || issue.origin === 'string') return issue.message;
      return `expected a number ${describeRange(undefined, issue.maximum, issue.inclusive !== false)}, got ${got}`;
    case 'invalid_value':
      return `expected one of ${issue.values.map((value) => JSON.stringify(value)).join(', ')}, got ${got}`;
    case 'invalid_union':
      return `${issue.message}: got ${got}; see docs/recipe.md for the accepted forms`;
    default:
      return issue.message;
  }
}

/** Parses a recipe value (the JSON of the file). */
export function parseRecipe(input: unknown): RecipeParse {
  const result = recipeSchema.safeParse(input);
  if (result.success) return { ok: true, recipe: result.data };
  return { ok: false, issues: result.error.issues.map((issue) => ({ path: issuePath(issue.path), message: describeIssue(issue, input) })) };
}

/** `path: message` lines, one per issue. */
export function formatRecipeIssues(issues: readonly RecipeIssue[]): string {
  return issues.map((issue) => `${issue.path}: ${issue.message}`).join('\n');
}
