/**
 * Finds where a value sits in a JSON text, by a path such as `conversations[3].from`, so that a
 * schema problem can be underlined at its field in the raw-JSON editor. Only the values along the
 * path are walked; the others are skipped with a quote- and escape-aware scan.
 */

/** A path segment: an object key or an array index. */
export type PathSegment = string | number;

/** Parses `a.b[3].c` (the form format readers use in their messages) into segments. */
export function parsePath(path: string): PathSegment[] | null {
  if (!/^[\w$-]+(?:\[\d+\]|\.[\w$-]+)*$/.test(path)) return null;
  const segments: PathSegment[] = [];
  for (const match of path.matchAll(/([\w$-]+)|\[(\d+)\]/g)) segments.push(match[2] !== undefined ? Number(match[2]) : match[1]);
  return segments;
}

/** Splits a reader's message into its leading field path and the rest, when it has one. */
export function splitPathMessage(message: string): { path: PathSegment[]; rest: string } | null {
  const match = /^([\w$-]+(?:\[\d+\]|\.[\w$-]+)*):\s*(.*)$/s.exec(message);
  if (!match) return null;
  const path = parsePath(match[1]);
  return path ? { path, rest: match[2] } : null;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && ' \t\r\n'.includes(text[at])) at++;
  return at;
}

/** The index just past the string that starts at `at` (a `"`). */
function skipString(text: string, at: number): number {
  let index = at + 1;
  while (index < text.length) {
    const char = text[index];
    if (char === '\\') index += 2;
    else if (char === '"') return index + 1;
    else index++;
  }
  return text.length;
}

/** The index just past the value that starts at `at`. */
function skipValue(text: string, at: number): number {
  const first = text[at];
  if (first === '"') return skipString(text, at);
  if (first === '{' || first === '[') {
    let depth = 0;
    let index = at;
    while (index < text.length) {
      const char = text[index];
      if (char === '"') {
        index = skipString(text, index);
        continue;
      }
      if (char === '{' || char === '[') depth++;
      else if (char === '}' || char === ']') {
        depth--;
        if (depth === 0) return index + 1;
      }
      index++;
    }
    return text.length;
  }
  let index = at;
  while (index < text.length && !',}] \t\r\n'.includes(text[index])) index++;
  return index;
}

/** Steps into one segment from the value at `at`; the start of the child value, or null. */
function stepInto(text: string, at: number, segment: PathSegment): number | null {
  const open = typeof segment === 'number' ? '[' : '{';
  const close = typeof segment === 'number' ? ']' : '}';
  if (text[at] !== open) return null;
  let index = skipSpace(text, at + 1);
  let element = 0;
  while (index < text.length && text[index] !== close) {
    if (typeof segment === 'string') {
      if (text[index] !== '"') return null;
      const keyEnd = skipString(text, index);
      let key: string;
      try {
        key = JSON.parse(text.slice(index, keyEnd)) as string;
      } catch {
        return null;
      }
      index = skipSpace(text, keyEnd);
      if (text[index] !== ':') return null;
      index = skipSpace(text, index + 1);
      if (key === segment) return index;
    } else if (element === segment) {
      return index;
    }
    index = skipSpace(text, skipValue(text, index));
    element++;
    if (text[index] === ',') index = skipSpace(text, index + 1);
  }
  return null;
}

/**
 * The character range of the value at `path`, or of the deepest ancestor that exists (so a missing
 * field points at the object that lacks it); null when the text does not start with a value.
 */
export function locatePath(text: string, path: readonly PathSegment[]): { start: number; end: number } | null {
  let at = skipSpace(text, 0);
  if (at >= text.length) return null;
  for (const segment of path) {
    const next = stepInto(text, at, segment);
    if (next === null) break;
    at = next;
  }
  return { start: at, end: skipValue(text, at) };
}

/** 1-based line and column of a character index. */
export function lineColumn(text: string, index: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < index; at = text.indexOf('\n', at + 1)) {
    line++;
    lineStart = at + 1;
  }
  return { line, column: index - lineStart + 1 };
}
