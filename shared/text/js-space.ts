/**
 * The code units JavaScript's `\s` matches (what `split(/\s+/)`, `replace(/\s+/g, ' ')` and `trim()`
 * cut on), as a table, so hot loops test a code unit with one load instead of a regular expression.
 */

let table: Uint8Array | null = null;

/** 1 for every code unit `\s` matches, built on first use. */
export function jsSpaceTable(): Uint8Array {
  if (table === null) {
    table = new Uint8Array(65536);
    for (let code = 0; code < 65536; code++) if (/\s/.test(String.fromCharCode(code))) table[code] = 1;
  }
  return table;
}

/** The first index at or after `from` that is not `\s` (or the text's length). */
function skipSpace(text: string, from: number, space: Uint8Array): number {
  let index = from;
  while (index < text.length && space[text.charCodeAt(index)] === 1) index++;
  return index;
}

/**
 * Whether two texts are equal once whitespace is collapsed (`text.trim().replace(/\s+/g, ' ')`) in
 * those marked `collapse`, without building either form: it stops at the first difference.
 */
export function equalCollapsed(first: string, collapseFirst: boolean, second: string, collapseSecond: boolean): boolean {
  const space = jsSpaceTable();
  let i = collapseFirst ? skipSpace(first, 0, space) : 0;
  let j = collapseSecond ? skipSpace(second, 0, space) : 0;
  for (;;) {
    let a = -1;
    if (i < first.length) {
      const code = first.charCodeAt(i);
      if (collapseFirst && space[code] === 1) {
        i = skipSpace(first, i, space);
        a = i < first.length ? 32 : -1;
      } else {
        a = code;
        i++;
      }
    }
    let b = -1;
    if (j < second.length) {
      const code = second.charCodeAt(j);
      if (collapseSecond && space[code] === 1) {
        j = skipSpace(second, j, space);
        b = j < second.length ? 32 : -1;
      } else {
        b = code;
        j++;
      }
    }
    if (a !== b) return false;
    if (a === -1) return true;
  }
}
