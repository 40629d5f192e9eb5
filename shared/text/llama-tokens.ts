/**
 * Llama-2 token counts (the length filter; the mix "by tokens").
 *
 * AgentLM is Llama-2-chat tuned at a sequence length of 4,096 tokens (AgentTuning, Zeng et al.
 * 2023), so lengths are counted with Llama-2's SentencePiece BPE vocabulary, as shipped by
 * llama-tokenizer-js. That package is exact but slow (0.7 MB/s measured here on the real
 * AgentInstruct text: 100k records would take minutes), because it runs one priority queue of
 * merges over the whole text and builds a string key for every candidate pair.
 *
 * This module counts the same tokens faster with two facts about the Llama-2 vocabulary, both
 * checked when the tables are built (shared/text/llama-vocabulary.ts):
 * 1. Every token that holds `▁` (the space) holds it only as a prefix (`▁the`, `▁▁▁`), and no token
 *    holds a newline or a tab (those fall back to byte tokens; `\r` is a token and merges, as in
 *    `;\r`). So no merge ever crosses the start of a run of spaces or either side of `\n` or
 *    `\t`: the text splits into
 *    independent pieces (`▁▁foo`, `\n`, `bar`), and BPE on each piece alone gives the same tokens
 *    as BPE on the whole text.
 * 2. Pieces repeat (words, template prompts), so each piece's count is cached
 *    (shared/text/llama-piece-cache.ts): a short piece of Latin-1 text is found by its code units
 *    packed during the scan, any other by a hash, and neither is cut out of the text.
 * A piece is merged with plain BPE: the pair with the lowest merge rank first, leftmost on ties,
 * which is the order llama-tokenizer-js uses. The unit test compares both on every text of
 * `../shared/data` and on random strings.
 */
import llamaTokenizer from 'llama-tokenizer-js';
import { addHashed, addPacked, clearPieceCaches, findHashed, packed, PACKED_SLOT, PACKED_UNITS, packedHome, pieceCacheSize } from './llama-piece-cache';
import { mergeSlot, vocabularyTables, type MergeTable, type Tables } from './llama-vocabulary';

/** Pieces longer than this (minified blobs, unspaced scripts) go to llama-tokenizer-js, whose queue is O(n log n). */
export const LONG_PIECE = 256;
/** FNV-1a (32-bit) over UTF-16 code units: the hash of a piece the packed table cannot hold. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Bytes of a code point in UTF-8; a lone surrogate is written as U+FFFD (3 bytes), as TextEncoder does. */
function utf8Length(codePoint: number): number {
  if (codePoint < 0x80) return 1;
  if (codePoint < 0x800) return 2;
  if (codePoint < 0x10000) return 3;
  return 4;
}

/** Scratch buffers for one piece: its ids, and the rank and result of merging each id with the next. */
let scratchIds = new Int32Array(LONG_PIECE + 2);
let scratchRanks = new Int32Array(LONG_PIECE + 2);
let scratchMerged = new Int32Array(LONG_PIECE + 2);
/** Rank of a pair that does not merge. */
const NO_MERGE = 0x7fffffff;

/** Writes the rank and result of merging ids[index] with ids[index + 1] (or NO_MERGE). */
function rankPair(index: number, length: number, merges: MergeTable): void {
  const left = scratchIds[index];
  const right = index + 1 < length ? scratchIds[index + 1] : -1;
  const slot = left < 0 || right < 0 ? -1 : mergeSlot(merges, left, right);
  if (slot < 0) {
    scratchRanks[index] = NO_MERGE;
    return;
  }
  scratchRanks[index] = merges.ranks[slot];
  scratchMerged[index] = merges.merged[slot];
}

/**
 * Counts the tokens of one short piece with plain BPE (lowest rank first, leftmost on ties). Each
 * pair's rank is looked up once and again only when a merge changes a neighbour.
 */
function countShortPiece(piece: string, table: Tables): number {
  if (scratchIds.length < piece.length + 1) {
    scratchIds = new Int32Array(piece.length * 2);
    scratchRanks = new Int32Array(piece.length * 2);
    scratchMerged = new Int32Array(piece.length * 2);
  }
  const ids = scratchIds;
  const ranks = scratchRanks;
  const merged = scratchMerged;
  let length = 0;
  let byteTokens = 0;
  for (let index = 0; index < piece.length; index++) {
    let codePoint = piece.charCodeAt(index);
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && index + 1 < piece.length) {
      const low = piece.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        index++;
      }
    }
    const id = codePoint > 0xffff ? (table.astral.get(codePoint) ?? -1) : table.bmp[codePoint];
    // Not in the vocabulary: one byte token per UTF-8 byte, and a barrier no merge crosses.
    if (id < 0) byteTokens += utf8Length(codePoint);
    ids[length++] = id;
  }
  const merges = table.merges;
  for (let index = 0; index < length; index++) rankPair(index, length, merges);
  for (;;) {
    let best = -1;
    let bestRank = NO_MERGE;
    for (let index = 0; index + 1 < length; index++) {
      if (ranks[index] < bestRank) {
        bestRank = ranks[index];
        best = index;
      }
    }
    if (best < 0) break;
    ids[best] = scratchMerged[best];
    // Short arrays: a plain loop moves them faster than three copyWithin calls.
    for (let index = best + 1; index + 1 < length; index++) {
      ids[index] = ids[index + 1];
      ranks[index] = ranks[index + 1];
      merged[index] = merged[index + 1];
    }
    length--;
    rankPair(best, length, merges);
    if (best > 0) rankPair(best - 1, length, merges);
  }
  let tokens = byteTokens;
  for (let index = 0; index < length; index++) if (ids[index] >= 0) tokens++;
  return tokens;
}

/** Counts one piece with BPE (long pieces through llama-tokenizer-js). */
function countPiece(piece: string, table: Tables): number {
  return piece.length > LONG_PIECE ? llamaTokenizer.encode(piece, false, false).length : countShortPiece(piece, table);
}

/** The piece text[start, end), preceded by the dummy prefix space when `prefixed`. */
function pieceOf(text: string, start: number, end: number, prefixed: boolean): string {
  return prefixed ? ' ' + text.slice(start, end) : text.slice(start, end);
}

/** Counts a piece the packed table does not hold yet (key `lo`, `mid`, `hi`; `units` code units) and adds it. */
function countPackedPiece(text: string, start: number, end: number, prefixed: boolean, lo: number, mid: number, hi: number, units: number): number {
  const tokens = countShortPiece(pieceOf(text, start, end, prefixed), vocabularyTables());
  addPacked(lo, mid, hi, units, tokens);
  return tokens;
}

/** Counts a piece the packed table cannot hold (long, or with a code unit past U+00FF), from the hashed table when it holds it. */
function countHashedPiece(text: string, start: number, end: number, prefixed: boolean, units: number): number {
  let hash = prefixed ? PREFIXED_OFFSET : FNV_OFFSET;
  for (let index = start; index < end; index++) hash = Math.imul(hash ^ text.charCodeAt(index), FNV_PRIME);
  const found = findHashed(text, start, end, hash, prefixed, units);
  if (found >= 0) return found;
  const piece = pieceOf(text, start, end, prefixed);
  const tokens = countPiece(piece, vocabularyTables());
  if (units <= LONG_PIECE) addHashed(piece, hash, tokens);
  return tokens;
}

/** FNV-1a of the space that starts the first piece: its hash begins there. */
const PREFIXED_OFFSET = Math.imul(FNV_OFFSET ^ 32, FNV_PRIME);

/**
 * Number of Llama-2 tokens of `text`, as llama-tokenizer-js's `encode(text, false, true)` gives
 * them: SentencePiece's dummy prefix space included, no BOS token. Empty text has 0 tokens.
 *
 * One walk, piece by piece: a piece is its spaces, then the code units up to the next space or
 * barrier; a barrier is a piece of its own (one byte token). The walk shifts each code unit into
 * the piece's packed key (its last 12 units, 8 bits each, in three Int32); a piece that key holds
 * whole (at most 12 units, none past U+00FF: nearly every word of English text) is found in the
 * packed table here, without a call and without reading the piece again (docs/scale.md,
 * "Measuring at the speed of reading"); any other goes through the hashed table.
 */
export function countTokens(text: string): number {
  const length = text.length;
  if (length === 0) return 0;
  let tokens = 0;
  let start = 0;
  // The dummy prefix space belongs to the first piece, together with any leading spaces.
  let prefixed = true;
  while (start < length || prefixed) {
    let index = start;
    let code = index < length ? text.charCodeAt(index) : 0;
    // The classes of shared/text/llama-vocabulary.ts written out as comparisons (a space: ` `
    // or `▁`; a barrier: `\n` or `\t`), which the walk tests faster than it loads them.
    if (!prefixed && (code === 10 || code === 9)) {
      // A barrier alone: one byte token, never merged.
      tokens += 1;
      start = index + 1;
      continue;
    }
    // The piece's spaces, then its other code units up to the next space or barrier, shifted into
    // the key (`mid` takes what leaves `lo`, `hi` what leaves `mid`); `wide` gathers their bits to
    // tell a unit past 255.
    let lo = prefixed ? 32 : 0;
    let mid = 0;
    let hi = 0;
    let wide = 0;
    while (index < length && (code === 32 || code === 0x2581)) {
      hi = (hi << 8) | (mid >>> 24);
      mid = (mid << 8) | (lo >>> 24);
      lo = (lo << 8) | code;
      wide |= code;
      code = ++index < length ? text.charCodeAt(index) : 0;
    }
    while (index < length && (code > 32 ? code !== 0x2581 : code !== 32 && code !== 10 && code !== 9)) {
      hi = (hi << 8) | (mid >>> 24);
      mid = (mid << 8) | (lo >>> 24);
      lo = (lo << 8) | code;
      wide |= code;
      code = ++index < length ? text.charCodeAt(index) : 0;
    }
    const units = index - start + (prefixed ? 1 : 0);
    let found = -1;
    if (units <= PACKED_UNITS && wide < 256) {
      const slots = packed.slots;
      const mask = packed.mask;
      let slot = packedHome(lo, mid, hi, mask);
      for (;;) {
        const at = slot * PACKED_SLOT;
        const meta = slots[at + 3];
        if (meta === 0) break;
        if (slots[at] === lo && slots[at + 1] === mid && slots[at + 2] === hi && (meta & 15) === units) {
          found = meta >>> 4;
          break;
        }
        slot = (slot + 1) & mask;
      }
      if (found < 0) found = countPackedPiece(text, start, index, prefixed, lo, mid, hi, units);
    } else found = countHashedPiece(text, start, index, prefixed, units);
    tokens += found;
    prefixed = false;
    start = index;
  }
  return tokens;
}

/** {@link countTokens} for many texts at once (one worker message can carry a whole batch). */
export function countTokensMany(texts: readonly string[]): number[] {
  return texts.map(countTokens);
}

/** Empties the piece caches (benchmarks measure cold and warm speed; tests start clean). */
export function clearTokenCache(): void {
  clearPieceCaches();
}

/** Number of pieces in the caches. */
export function tokenCacheSize(): number {
  return pieceCacheSize();
}

/** The reference count from llama-tokenizer-js itself (slow: for tests and benchmarks). */
export function countTokensReference(text: string): number {
  return llamaTokenizer.encode(text, false, true).length;
}
