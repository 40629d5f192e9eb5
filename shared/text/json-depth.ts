/**
 * The one nesting limit of the readers (docs/ingest.md, "Limits"): no record, and no container of
 * one, may nest deeper than {@link MAX_DEPTH} objects and arrays, counting the record itself. The
 * scanner refuses deeper input while it scans; for records split without a scan (JSON Lines, pieces
 * of pretty arrays) the workers check the parsed value with {@link exceedsDepth}. Deeper values
 * would overflow the stack of every recursive consumer (JSON.stringify, structured clone, zod).
 */
import { MAX_DEPTH } from './json-grammar';

export { MAX_DEPTH };

/** Text shorter than this cannot nest deeper than the limit (each level takes two bytes). */
export const DEPTH_CHECK_BYTES = 2 * MAX_DEPTH;

/** True when `value` nests deeper than `limit` (a scalar is 0 deep, `[]` and `{}` 1), without recursion. */
export function exceedsDepth(value: unknown, limit = MAX_DEPTH): boolean {
  if (typeof value !== 'object' || value === null) return false;
  const values: unknown[] = [value];
  const depths: number[] = [1];
  while (values.length > 0) {
    const current = values.pop() as object;
    const depth = depths.pop() as number;
    if (depth > limit) return true;
    const children = Array.isArray(current) ? current : Object.values(current);
    for (const child of children) {
      if (typeof child === 'object' && child !== null) {
        values.push(child);
        depths.push(depth + 1);
      }
    }
  }
  return false;
}
