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
 * 2. Pieces repeat (words, template prompts), so each piece's count is cached, in a table that
 *    finds a piece by a hash computed during the scan, without cutting it out of the text.
 * A piece is merged with plain BPE: the pair with the lowest merge rank first, leftmost on ties,
 * which is the order llama-tokenizer-js uses. The unit test compares both on every text of
 * `../shared/data` and on random strings.
 */
import llamaTokenizer from 'llama-tokenizer-js';
import { BARRIER, classes, mergeSlot, SPACE, vocabularyTables, type MergeTable, type Tables } from './llama-vocabulary';

/** Pieces longer than this (minified blobs, unspaced scripts) go to llama-tokenizer-js, whose queue is O(n log n). */
export const LONG_PIECE = 256;
/**
 * Slots of the piece cache at most (a power of two); at that size it is emptied when half full,
 * which bounds its memory (32 MB of slots, a 4 MB pool). It starts at {@link FIRST_SLOTS} and doubles when half full, so
 * the slots a run probes stay few and close together: a chat corpus has some tens of thousands of
 * distinct pieces, and a table of a million slots spread them over 32 MB, a cache miss to memory
 * for nearly every hit (docs/scale.md, "Measuring at the speed of reading").
 */
const CACHE_SLOTS = 1 << 20;
const CACHE_LIMIT = CACHE_SLOTS >> 1;
const FIRST_SLOTS = 1 << 13;
/** FNV-1a (32-bit) over UTF-16 code units: the piece hash, computed during the scan. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/**
 * The piece cache: an open-addressing table keyed by the piece's hash and length, holding the
 * piece's code units to confirm a hit code unit by code unit at its place in the text. A hit
 * allocates nothing: no substring is made and no string is hashed twice. Each slot is 8 Int32 (32
 * bytes, one cache line for a probe): stamp, hash, length, token count, then the piece's code units
 * two per Int32 when it has at most 8 (most words), else the offset of its units in a pool. The
 * first piece of a text carries SentencePiece's dummy prefix space, so it is looked up as that
 * space followed by its text: the same entry as a piece with a real space.
 */
interface PieceCache {
  slots: Int32Array;
  /** Slots held minus one (the table's size is a power of two). */
  mask: number;
  /** The code units of the cached pieces longer than {@link INLINE_UNITS}, one after another. */
  units: Uint16Array;
  used: number;
  generation: number;
  size: number;
}

let cache: PieceCache | null = null;

/** Int32 per slot, and code units a slot holds itself. */
const SLOT = 8;
const INLINE_UNITS = 8;
/** Code units the pool holds before the cache starts afresh (~4 per piece: 4 MB). */
const POOL_UNITS = CACHE_LIMIT * 4;

/** The cache, allocated on first use. */
function pieceCache(): PieceCache {
  cache ??= { slots: new Int32Array(FIRST_SLOTS * SLOT), mask: FIRST_SLOTS - 1, units: new Uint16Array(POOL_UNITS), used: 0, generation: 1, size: 0 };
  return cache;
}

/** The first slot a piece of this hash and length probes. */
function homeSlot(hash: number, length: number, mask: number): number {
  return (hash ^ Math.imul(length, 0x9e3779b1)) & mask;
}

/** Doubles the table, moving the entries of the current generation to their slots in it. */
function growCache(store: PieceCache): void {
  const old = store.slots;
  const mask = store.mask * 2 + 1;
  const slots = new Int32Array((mask + 1) * SLOT);
  for (let at = 0; at < old.length; at += SLOT) {
    if (old[at] !== store.generation) continue;
    let slot = homeSlot(old[at + 1], old[at + 2], mask);
    while (slots[slot * SLOT] === store.generation) slot = (slot + 1) & mask;
    slots.set(old.subarray(at, at + SLOT), slot * SLOT);
  }
  store.slots = slots;
  store.mask = mask;
}

/** Whether slot `at` holds the piece text[start, end) (with the prefix space when `prefixed`) of `length` units. */
function slotHolds(store: PieceCache, at: number, text: string, start: number, end: number, prefixed: boolean, length: number): boolean {
  const slots = store.slots;
  if (length <= INLINE_UNITS) {
    // Two units per Int32, the piece's first unit lowest; the prefix space is unit 0.
    let word = at + 4;
    let index = start;
    let packed = 0;
    let half = 0;
    if (prefixed) {
      packed = 32;
      half = 1;
    }
    for (; index < end; index++) {
      const code = text.charCodeAt(index);
      if (half === 0) {
        packed = code;
        half = 1;
      } else {
        if (slots[word++] !== (packed | (code << 16))) return false;
        half = 0;
      }
    }
    return half === 0 || slots[word] === packed;
  }
  const offset = slots[at + 4];
  const units = store.units;
  let unit = offset;
  if (prefixed && units[unit++] !== 32) return false;
  for (let index = start; index < end; index++) if (units[unit++] !== text.charCodeAt(index)) return false;
  return true;
}

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

/**
 * Counts `text[start, end)` (hash `hash`), preceded by a space when `prefixed` (the dummy prefix
 * of the first piece), from the cache when that piece was seen before.
 */
function countCachedPiece(text: string, start: number, end: number, hash: number, prefixed: boolean, table: Tables): number {
  const store = pieceCache();
  let slots = store.slots;
  const length = end - start + (prefixed ? 1 : 0);
  let slot = homeSlot(hash, length, store.mask);
  while (slots[slot * SLOT] === store.generation) {
    const at = slot * SLOT;
    if (slots[at + 1] === hash && slots[at + 2] === length && slotHolds(store, at, text, start, end, prefixed, length)) return slots[at + 3];
    slot = (slot + 1) & store.mask;
  }
  const piece = prefixed ? ' ' + text.slice(start, end) : text.slice(start, end);
  const tokens = countPiece(piece, table);
  if (length > LONG_PIECE) return tokens;
  const full = store.size >= (store.mask + 1) >> 1;
  if (full && store.mask + 1 < CACHE_SLOTS) growCache(store);
  else if (full || (length > INLINE_UNITS && store.used + length > POOL_UNITS)) {
    // Full: start afresh (a new generation empties every slot at once).
    store.generation++;
    store.size = 0;
    store.used = 0;
  }
  if (slots !== store.slots || store.size === 0) {
    // The table changed: find the piece's free slot again.
    slots = store.slots;
    slot = homeSlot(hash, length, store.mask);
    while (slots[slot * SLOT] === store.generation) slot = (slot + 1) & store.mask;
  }
  const at = slot * SLOT;
  slots[at] = store.generation;
  slots[at + 1] = hash;
  slots[at + 2] = length;
  slots[at + 3] = tokens;
  if (length <= INLINE_UNITS) {
    for (let index = 0; index < INLINE_UNITS; index += 2) {
      const lowUnit = index < length ? piece.charCodeAt(index) : 0;
      const highUnit = index + 1 < length ? piece.charCodeAt(index + 1) : 0;
      slots[at + 4 + (index >>> 1)] = lowUnit | (highUnit << 16);
    }
  } else {
    slots[at + 4] = store.used;
    for (let index = 0; index < length; index++) store.units[store.used++] = piece.charCodeAt(index);
  }
  store.size++;
  return tokens;
}

/** FNV-1a of the space that starts the first piece: its hash begins there. */
const PREFIXED_OFFSET = Math.imul(FNV_OFFSET ^ 32, FNV_PRIME);

/**
 * Number of Llama-2 tokens of `text`, as llama-tokenizer-js's `encode(text, false, true)` gives
 * them: SentencePiece's dummy prefix space included, no BOS token. Empty text has 0 tokens.
 *
 * One walk, piece by piece: a piece is its spaces, then the code units up to the next space or
 * barrier; a barrier is a piece of its own (one byte token). A piece found in the cache is counted
 * here without a call (docs/scale.md, "Measuring at the speed of reading"); a new one goes through
 * {@link countCachedPiece}.
 */
export function countTokens(text: string): number {
  const length = text.length;
  if (length === 0) return 0;
  const tables = vocabularyTables();
  const store = pieceCache();
  let tokens = 0;
  let start = 0;
  // The dummy prefix space belongs to the first piece, together with any leading spaces.
  let prefixed = true;
  let hash = PREFIXED_OFFSET;
  while (start < length || prefixed) {
    let index = start;
    let code = index < length ? text.charCodeAt(index) : 0;
    if (index < length && classes[code] === BARRIER && !prefixed) {
      // A barrier alone: one byte token, never merged.
      tokens += 1;
      start = index + 1;
      continue;
    }
    // The piece's spaces, then its other code units up to the next space or barrier.
    while (index < length && classes[code] === SPACE) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      code = ++index < length ? text.charCodeAt(index) : 0;
    }
    while (index < length && classes[code] === 0) {
      hash = Math.imul(hash ^ code, FNV_PRIME);
      code = ++index < length ? text.charCodeAt(index) : 0;
    }
    const units = index - start + (prefixed ? 1 : 0);
    const slots = store.slots;
    const mask = store.mask;
    const generation = store.generation;
    let slot = homeSlot(hash, units, mask);
    let found = -1;
    while (slots[slot * SLOT] === generation) {
      const at = slot * SLOT;
      if (slots[at + 1] === hash && slots[at + 2] === units && slotHolds(store, at, text, start, index, prefixed, units)) {
        found = slots[at + 3];
        break;
      }
      slot = (slot + 1) & mask;
    }
    tokens += found >= 0 ? found : countCachedPiece(text, start, index, hash, prefixed, tables);
    prefixed = false;
    start = index;
    hash = FNV_OFFSET;
  }
  return tokens;
}

/** {@link countTokens} for many texts at once (one worker message can carry a whole batch). */
export function countTokensMany(texts: readonly string[]): number[] {
  return texts.map(countTokens);
}

/** Empties the piece cache (benchmarks measure cold and warm speed; tests start clean). */
export function clearTokenCache(): void {
  if (cache !== null) {
    cache.generation++;
    cache.size = 0;
    cache.used = 0;
  }
}

/** Number of pieces in the cache. */
export function tokenCacheSize(): number {
  return cache?.size ?? 0;
}

/** The reference count from llama-tokenizer-js itself (slow: for tests and benchmarks). */
export function countTokensReference(text: string): number {
  return llamaTokenizer.encode(text, false, true).length;
}
