/**
 * JSON with object keys in sorted (code-unit) order at every depth, so the same data always makes the
 * same bytes whatever order its objects were built in (integer-like keys still come first, in
 * numeric order, as JavaScript objects keep them). `indent` as in `JSON.stringify`. Values
 * JSON cannot hold (`undefined`, functions) are left out of objects, as `JSON.stringify` does.
 */
export function stableStringify(value: unknown, indent = 0): string {
  return JSON.stringify(sortKeys(value), null, indent);
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return value;
  const sorted: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
  return sorted;
}
