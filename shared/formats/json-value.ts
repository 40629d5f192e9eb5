/** True for a JSON object (not null, not an array): the shape of every record and message. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * How a record's turns look, for detection: `null` when `key` does not hold an array, else whether
 * every element is an object with all of `fields` (an empty array counts as `'empty'`).
 */
export function turnsShape(record: unknown, key: string, fields: readonly string[]): 'match' | 'mismatch' | 'empty' | null {
  if (!isRecord(record) || !Array.isArray(record[key])) return null;
  const turns = record[key] as unknown[];
  if (turns.length === 0) return 'empty';
  return turns.every((turn) => isRecord(turn) && fields.every((field) => field in turn)) ? 'match' : 'mismatch';
}
