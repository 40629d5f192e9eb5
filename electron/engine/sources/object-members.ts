/**
 * The members of one JSON object in a byte buffer, found without parsing their values: each key
 * (decoded) and the byte range of its value, with the number of line breaks before it. This is how
 * a keyed container (one object whose values are records: FireAct's trajectories keyed by
 * question id, DialogStudio's dialogs; docs/formats.md) is cut into records. The object is assumed
 * to be valid JSON (the caller parsed it once already); strings are skipped quote- and escape-aware.
 */
export interface ObjectMembers {
  keys: string[];
  starts: number[];
  ends: number[];
  /** Line breaks from the object's first byte to each value's first byte. */
  linesBefore: number[];
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** The members of the object at `bytes[start, end)` (which must start with `{`). */
export function objectMembers(bytes: Buffer, start: number, end: number): ObjectMembers {
  const members: ObjectMembers = { keys: [], starts: [], ends: [], linesBefore: [] };
  let lines = 0;
  let at = start + 1;
  const skipSpace = (): void => {
    while (at < end && isSpace(bytes[at])) {
      if (bytes[at] === NEWLINE) lines++;
      at++;
    }
  };
  /** Skips a string starting at `at` (a quote); returns the index after its closing quote. */
  const skipString = (): number => {
    at++;
    while (at < end && bytes[at] !== QUOTE) at += bytes[at] === BACKSLASH ? 2 : 1;
    return ++at;
  };
  for (;;) {
    skipSpace();
    if (at >= end || bytes[at] !== QUOTE) break;
    const keyStart = at;
    const keyEnd = skipString();
    const key = JSON.parse(bytes.toString('utf8', keyStart, keyEnd)) as string;
    skipSpace();
    at++; // the colon
    skipSpace();
    const valueStart = at;
    const linesBefore = lines;
    let depth = 0;
    while (at < end) {
      const byte = bytes[at];
      if (byte === QUOTE) {
        skipString();
        if (depth === 0) break;
        continue;
      }
      if (byte === 0x7b || byte === 0x5b) depth++;
      else if (byte === 0x7d || byte === 0x5d) {
        if (depth === 0) break;
        depth--;
        if (depth === 0) {
          at++;
          break;
        }
      } else if (byte === NEWLINE) lines++;
      else if (depth === 0 && byte === 0x2c) break;
      at++;
    }
    let valueEnd = at;
    while (valueEnd > valueStart && isSpace(bytes[valueEnd - 1])) valueEnd--;
    members.keys.push(key);
    members.starts.push(valueStart);
    members.ends.push(valueEnd);
    members.linesBefore.push(linesBefore);
    skipSpace();
    if (bytes[at] === 0x2c) at++;
    else break;
  }
  return members;
}
