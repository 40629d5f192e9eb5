import { z } from 'zod';
import { isRecord } from './json-value';

/**
 * Pieces of schema that several formats share, each with its hand-written twin. The zod schemas are
 * the spec and write the error messages; the twins answer only "valid or not", because zod costs
 * about as much per record as JSON.parse itself, and `read` runs on every record of 1 GB files.
 * tests/unit/shared/formats/fast-check.test.ts proves each format's twin agrees with its schema on
 * every real record and on mutations of them.
 */

/** The loss flag as AgentInstruct stores it: true (trained), false (masked, e.g. the "Ok." acknowledgement), null or absent. */
export const LOSS_FLAG_SCHEMA = z.boolean({ error: 'expected true, false or null' }).nullable().optional();

/** Twin of {@link LOSS_FLAG_SCHEMA}. */
export function isLossFlag(value: unknown): boolean {
  return value === undefined || value === null || typeof value === 'boolean';
}

/** A record id: a string, or a number in some datasets (kept as written, read as its decimal text). */
export const ID_SCHEMA = z.union([z.string(), z.number()], { error: 'expected a string or a number' }).optional();

/** Twin of {@link ID_SCHEMA} (zod 4 numbers are finite). */
export function isOptionalId(value: unknown): boolean {
  return value === undefined || typeof value === 'string' || (typeof value === 'number' && Number.isFinite(value));
}

/** True when `value` is an array of objects that all pass `check`. */
export function everyRecord(value: unknown, check: (item: Record<string, unknown>) => boolean): boolean {
  if (!Array.isArray(value)) return false;
  for (const item of value) if (!isRecord(item) || !check(item)) return false;
  return true;
}

/** True for undefined or a string: an optional string field. */
export function isOptionalString(value: unknown): boolean {
  return value === undefined || typeof value === 'string';
}
