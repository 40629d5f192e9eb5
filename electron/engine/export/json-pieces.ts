/**
 * `JSON.stringify` of a record in pieces of bounded size, for a huge record (docs/scale.md, "One
 * huge record"): the export writes and hashes each piece as it comes instead of building the whole
 * line, then its UTF-8 copy. The pieces joined are exactly `JSON.stringify(value)`: the same key
 * order (`Object.keys`), the same skipped members (`undefined`, functions, symbols) and `null`s in
 * arrays, the same escapes. A long string is cut between UTF-16 units that are not the two halves of
 * one character, so each slice is escaped as the whole would be; a value with a `toJSON` method is
 * stringified whole, as are numbers and the other primitives. Depth is the record's nesting, which
 * the readers bound (docs/ingest.md, "Limits").
 */

/** Characters of a string escaped at a time. */
const PIECE_CHARS = 1 << 18;

/** The pieces of `JSON.stringify(value)` (undefined yields nothing, as stringify returns undefined). */
export function* jsonPieces(value: unknown, pieceChars: number = PIECE_CHARS): Generator<string, void, undefined> {
  if (typeof value === 'string') {
    yield* stringPieces(value, pieceChars);
    return;
  }
  if (value === null || typeof value !== 'object' || typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    const text = JSON.stringify(value);
    if (text !== undefined) yield text;
    return;
  }
  if (Array.isArray(value)) {
    yield '[';
    for (let index = 0; index < value.length; index++) {
      if (index > 0) yield ',';
      const item: unknown = value[index];
      if (skipped(item)) yield 'null';
      else yield* jsonPieces(item, pieceChars);
    }
    yield ']';
    return;
  }
  yield '{';
  let first = true;
  for (const key of Object.keys(value)) {
    const member: unknown = (value as Record<string, unknown>)[key];
    if (skipped(member)) continue;
    yield `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    yield* jsonPieces(member, pieceChars);
  }
  yield '}';
}

/** What `JSON.stringify` leaves out of an object (and writes as `null` in an array). */
function skipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol';
}

/** A string's JSON literal in pieces: the quotes, and slices escaped one at a time. */
function* stringPieces(text: string, pieceChars: number): Generator<string, void, undefined> {
  if (text.length <= pieceChars) {
    yield JSON.stringify(text);
    return;
  }
  yield '"';
  for (let from = 0; from < text.length; ) {
    let to = Math.min(text.length, from + pieceChars);
    // Never between a high surrogate and the low one after it: stringify escapes lone halves.
    if (to < text.length && isHigh(text.charCodeAt(to - 1)) && isLow(text.charCodeAt(to))) to = to - 1 > from ? to - 1 : to + 1;
    yield JSON.stringify(text.slice(from, to)).slice(1, -1);
    from = to;
  }
  yield '"';
}

function isHigh(unit: number): boolean {
  return unit >= 0xd800 && unit <= 0xdbff;
}

function isLow(unit: number): boolean {
  return unit >= 0xdc00 && unit <= 0xdfff;
}
