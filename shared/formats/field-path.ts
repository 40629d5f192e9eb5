/**
 * Paths into a parsed record, as evaluation sets and mappings name fields (docs/formats.md,
 * "Field paths"): `question` (a key), `meta.reward` (keys under keys), `question[]` (every element
 * of a list), `question[][].content` (BFCL's list of turns of messages), `messages[0].content`
 * (one element). A path gives every value it reaches, in order; a part that does not fit (a
 * missing key, an index into a non-list) gives nothing.
 */

/** One step of a path: a key, every element, or one element. */
type Step = { key: string } | { every: true } | { index: number };

/** The steps of a path, or an error message when it is not one. */
export function parseFieldPath(path: string): Step[] | { error: string } {
  const steps: Step[] = [];
  const pattern = /([^.[\]]+)|\[(\d*)\]|(\.)/gy;
  let expectKey = true;
  let last = 0;
  for (let match = pattern.exec(path); match !== null; match = pattern.exec(path)) {
    last = pattern.lastIndex;
    if (match[1] !== undefined) {
      if (!expectKey) return { error: `"${path}": a key must follow a dot` };
      steps.push({ key: match[1] });
      expectKey = false;
    } else if (match[2] !== undefined) {
      steps.push(match[2] === '' ? { every: true } : { index: Number(match[2]) });
      expectKey = false;
    } else {
      if (expectKey) return { error: `"${path}": a dot must follow a key or [ ]` };
      expectKey = true;
    }
  }
  if (last !== path.length || steps.length === 0 || expectKey) return { error: `"${path}" is not a field path (keys joined by dots, [] for every element, [n] for one)` };
  return steps;
}

/** Every value `path` reaches in `value` (an empty list when it reaches none, or when the path is malformed). */
export function valuesAt(value: unknown, path: string): unknown[] {
  const steps = parseFieldPath(path);
  if (!Array.isArray(steps)) return [];
  let current: unknown[] = [value];
  for (const step of steps) {
    const next: unknown[] = [];
    for (const item of current) {
      if ('key' in step) {
        if (typeof item === 'object' && item !== null && !Array.isArray(item) && Object.hasOwn(item, step.key)) next.push((item as Record<string, unknown>)[step.key]);
      } else if (Array.isArray(item)) {
        if ('every' in step) for (const element of item) next.push(element);
        else if (step.index < item.length) next.push(item[step.index]);
      }
    }
    current = next;
  }
  return current;
}

/** The strings `path` reaches (non-strings left out). */
export function stringsAt(value: unknown, path: string): string[] {
  return valuesAt(value, path).filter((item): item is string => typeof item === 'string');
}
