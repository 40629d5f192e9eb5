/**
 * Llama-2 token ids (the `tokenized` export, docs/recipe.md "Formats"), as llama-tokenizer-js's
 * `encode(text, false, true)` gives them, with the piece split and the plain BPE of
 * ./llama-tokens.ts (whose module comment says why the split is exact), so
 * `encodeTokens(text).length === countTokens(text)`. Counting needs no ids and caches pieces; the
 * export needs every id once, so this is kept apart and uncached.
 */
import llamaTokenizer from 'llama-tokenizer-js';
import { LONG_PIECE } from './llama-tokens';
import { BARRIER, classes, mergeSlot, SPACE, vocabularyTables, type Tables } from './llama-vocabulary';

/** Byte tokens are ids 3 (`<0x00>`) to 258 (`<0xFF>`). */
const FIRST_BYTE_TOKEN = 3;

/** Appends the byte tokens of a code point's UTF-8 bytes (a lone surrogate as U+FFFD, as TextEncoder writes it). */
function pushUtf8Bytes(codePoint: number, out: number[]): void {
  const point = codePoint >= 0xd800 && codePoint <= 0xdfff ? 0xfffd : codePoint;
  const bytes = point < 0x80 ? [point] : point < 0x800 ? [0xc0 | (point >> 6)] : point < 0x10000 ? [0xe0 | (point >> 12), 0x80 | ((point >> 6) & 0x3f)] : [0xf0 | (point >> 18), 0x80 | ((point >> 12) & 0x3f), 0x80 | ((point >> 6) & 0x3f)];
  if (point >= 0x80) bytes.push(0x80 | (point & 0x3f));
  for (const byte of bytes) out.push(FIRST_BYTE_TOKEN + byte);
}

/** Appends the ids of one piece: plain BPE (lowest rank first, leftmost on ties), characters outside the vocabulary as their UTF-8 byte tokens. */
function encodePiece(piece: string, table: Tables, out: number[]): void {
  if (piece.length > LONG_PIECE) {
    for (const id of llamaTokenizer.encode(piece, false, false)) out.push(id);
    return;
  }
  // An id per position, or -1 with the code point kept beside it.
  const ids: number[] = [];
  const points: number[] = [];
  for (const character of piece) {
    const codePoint = character.codePointAt(0) ?? 0;
    ids.push(codePoint > 0xffff ? (table.astral.get(codePoint) ?? -1) : table.bmp[codePoint]);
    points.push(codePoint);
  }
  for (;;) {
    let best = -1;
    let bestRank = Number.POSITIVE_INFINITY;
    let merged = 0;
    for (let index = 0; index + 1 < ids.length; index++) {
      if (ids[index] < 0 || ids[index + 1] < 0) continue;
      const slot = mergeSlot(table.merges, ids[index], ids[index + 1]);
      if (slot < 0) continue;
      const rank = table.merges.ranks[slot];
      if (rank < bestRank) {
        bestRank = rank;
        best = index;
        merged = table.merges.merged[slot];
      }
    }
    if (best < 0) break;
    ids.splice(best, 2, merged);
    points.splice(best, 2, 0);
  }
  for (const [index, id] of ids.entries()) {
    if (id >= 0) out.push(id);
    else pushUtf8Bytes(points[index], out);
  }
}

/** The Llama-2 token ids of `text` (dummy prefix space, no BOS). A lone surrogate is encoded as U+FFFD's bytes. */
export function encodeTokens(text: string): number[] {
  const out: number[] = [];
  if (text.length === 0) return out;
  const table = vocabularyTables();
  // The pieces of ./llama-tokens.ts: a piece ends before a space that follows a non-space, and on
  // both sides of a barrier; the first one carries the dummy prefix space.
  let start = 0;
  let previous = SPACE;
  let first = true;
  for (let index = 0; index <= text.length; index++) {
    const kind = index < text.length ? classes[text.charCodeAt(index)] : BARRIER;
    if ((kind === SPACE ? previous !== SPACE : kind === BARRIER || previous === BARRIER) && (index > start || first)) {
      encodePiece(first ? ` ${text.slice(start, index)}` : text.slice(start, index), table, out);
      first = false;
      start = index;
    }
    previous = kind;
  }
  return out;
}
