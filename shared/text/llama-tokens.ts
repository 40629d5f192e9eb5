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
 * checked when the tables are built:
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

/** Token id of `▁`, the space (llama-tokenizer-js: "spaces are represented as thick underscore ▁ (id 29871)"). */
const SPACE_ID = 29871;
/** Ids are below 32,000, so a pair of ids packs into one number as `left * ID_SPAN + right`. */
const ID_SPAN = 32768;
/** Pieces longer than this (minified blobs, unspaced scripts) go to llama-tokenizer-js, whose queue is O(n log n). */
const LONG_PIECE = 256;
/** Slots of the piece cache (a power of two); it is emptied when half full, which bounds its memory (~25 MB). */
const CACHE_SLOTS = 1 << 20;
const CACHE_LIMIT = CACHE_SLOTS >> 1;
/** FNV-1a (32-bit) over UTF-16 code units: the piece hash, computed during the scan. */
const FNV_OFFSET = 0x811c9dc5;
const FNV_PRIME = 0x01000193;

/** Lookup tables built from the vocabulary on first use. */
interface Tables {
  /** Token id of each BMP code unit that is a token by itself, else -1. */
  bmp: Int32Array;
  /** Token id of each astral code point that is a token by itself. */
  astral: Map<number, number>;
  /** For a pair `left * ID_SPAN + right`: `rank * ID_SPAN + merged id`. */
  merges: Map<number, number>;
}

let tables: Tables | null = null;
/** Counts of first pieces (they carry the dummy prefix space, so they are not substrings of the text). */
const firstPieceCache = new Map<string, number>();

/**
 * The piece cache: an open-addressing table keyed by the piece's hash and length, holding the piece
 * itself to confirm a hit with `startsWith` at its place in the text. A hit allocates nothing: no
 * substring is made and no string is hashed twice.
 */
interface PieceCache {
  stamps: Int32Array;
  hashes: Int32Array;
  lengths: Int32Array;
  counts: Int32Array;
  pieces: string[];
  generation: number;
  size: number;
}

let cache: PieceCache | null = null;

/** The cache, allocated on first use. */
function pieceCache(): PieceCache {
  cache ??= {
    stamps: new Int32Array(CACHE_SLOTS),
    hashes: new Int32Array(CACHE_SLOTS),
    lengths: new Int32Array(CACHE_SLOTS),
    counts: new Int32Array(CACHE_SLOTS),
    pieces: new Array<string>(CACHE_SLOTS).fill(''),
    generation: 1,
    size: 0,
  };
  return cache;
}

/** Builds the tables and checks the two facts the piece split relies on (see the module comment). */
function buildTables(): Tables {
  const vocabulary = llamaTokenizer.vocabById;
  const bmp = new Int32Array(65536).fill(-1);
  const astral = new Map<number, number>();
  for (let id = 0; id < vocabulary.length; id++) {
    const token = vocabulary[id];
    const spaceAt = token.indexOf('▁');
    if (spaceAt >= 0 && /[^▁]▁/u.test(token)) {
      throw new Error(`llama-tokens: token ${id} ${JSON.stringify(token)} holds a space after text; the piece split would be wrong`);
    }
    if (/[\n\t]/u.test(token)) {
      throw new Error(`llama-tokens: token ${id} holds a newline or tab; the piece split would be wrong`);
    }
    const codePoint = token.codePointAt(0);
    if (codePoint === undefined || token.length !== (codePoint > 0xffff ? 2 : 1)) continue;
    // Byte tokens such as <0x0A> are longer than one character, so only real characters land here.
    if (codePoint > 0xffff) astral.set(codePoint, id);
    else bmp[codePoint] = id;
  }
  bmp[32] = SPACE_ID;
  const merges = new Map<number, number>();
  for (const [pair, rank] of llamaTokenizer.merges) {
    const [left, right] = pair.split(' ');
    const leftId = llamaTokenizer.vocabByString.get(left);
    const rightId = llamaTokenizer.vocabByString.get(right);
    const mergedId = llamaTokenizer.vocabByString.get(left + right);
    if (leftId === undefined || rightId === undefined || mergedId === undefined) continue;
    merges.set(leftId * ID_SPAN + rightId, rank * ID_SPAN + mergedId);
  }
  return { bmp, astral, merges };
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
function rankPair(index: number, length: number, merges: Map<number, number>): void {
  const left = scratchIds[index];
  const right = index + 1 < length ? scratchIds[index + 1] : -1;
  const packed = left < 0 || right < 0 ? undefined : merges.get(left * ID_SPAN + right);
  if (packed === undefined) {
    scratchRanks[index] = NO_MERGE;
    return;
  }
  const rank = Math.floor(packed / ID_SPAN);
  scratchRanks[index] = rank;
  scratchMerged[index] = packed - rank * ID_SPAN;
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
    ids.copyWithin(best + 1, best + 2, length);
    ranks.copyWithin(best + 1, best + 2, length);
    scratchMerged.copyWithin(best + 1, best + 2, length);
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

/** Counts the first piece, which starts with the dummy prefix space. */
function countFirstPiece(piece: string, table: Tables): number {
  const cached = firstPieceCache.get(piece);
  if (cached !== undefined) return cached;
  const tokens = countPiece(piece, table);
  if (firstPieceCache.size >= CACHE_LIMIT) firstPieceCache.clear();
  firstPieceCache.set(piece, tokens);
  return tokens;
}

/** Counts `text[start, end)` (hash `hash`), from the cache when that piece was seen before. */
function countCachedPiece(text: string, start: number, end: number, hash: number, table: Tables): number {
  const store = pieceCache();
  const length = end - start;
  const mask = CACHE_SLOTS - 1;
  let slot = (hash ^ Math.imul(length, 0x9e3779b1)) & mask;
  while (store.stamps[slot] === store.generation) {
    if (store.hashes[slot] === hash && store.lengths[slot] === length && text.startsWith(store.pieces[slot], start)) return store.counts[slot];
    slot = (slot + 1) & mask;
  }
  const piece = text.slice(start, end);
  const tokens = countPiece(piece, table);
  if (store.size >= CACHE_LIMIT) {
    // Full: start afresh (a new generation empties every slot at once) and find the slot again.
    store.generation++;
    store.size = 0;
    slot = (hash ^ Math.imul(length, 0x9e3779b1)) & mask;
  }
  store.stamps[slot] = store.generation;
  store.hashes[slot] = hash;
  store.lengths[slot] = length;
  store.counts[slot] = tokens;
  store.pieces[slot] = piece;
  store.size++;
  return tokens;
}

/** True for a space, or `▁` itself, which SentencePiece reads as the same token (29871). */
function isSpace(code: number): boolean {
  return code === 32 || code === 0x2581;
}

/** True for the characters that always become one byte token and never merge: `\n` and `\t`. */
function isBarrier(code: number): boolean {
  return code === 10 || code === 9;
}

/**
 * Number of Llama-2 tokens of `text`, as llama-tokenizer-js's `encode(text, false, true)` gives
 * them: SentencePiece's dummy prefix space included, no BOS token. Empty text has 0 tokens.
 */
export function countTokens(text: string): number {
  if (text.length === 0) return 0;
  if (tables === null) tables = buildTables();
  const table = tables;
  let tokens = 0;
  // The dummy prefix space belongs to the first piece, together with any leading spaces.
  let start = 0;
  let previous = 32;
  let first = true;
  let hash = FNV_OFFSET;
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : -1;
    const boundary =
      index === text.length || (isSpace(code) && !isSpace(previous)) || isBarrier(code) || isBarrier(previous);
    if (boundary && (index > start || first)) {
      if (first) {
        tokens += countFirstPiece(' ' + text.slice(start, index), table);
        first = false;
      } else if (index - start === 1 && isBarrier(previous)) {
        tokens += 1;
      } else {
        tokens += countCachedPiece(text, start, index, hash, table);
      }
      start = index;
      hash = FNV_OFFSET;
    }
    hash = Math.imul(hash ^ code, FNV_PRIME);
    previous = code;
  }
  return tokens;
}

/** {@link countTokens} for many texts at once (one worker message can carry a whole batch). */
export function countTokensMany(texts: readonly string[]): number[] {
  return texts.map(countTokens);
}

/** Empties the piece cache (benchmarks measure cold and warm speed; tests start clean). */
export function clearTokenCache(): void {
  firstPieceCache.clear();
  if (cache !== null) {
    cache.generation++;
    cache.size = 0;
  }
}

/** Number of pieces in the cache. */
export function tokenCacheSize(): number {
  return firstPieceCache.size + (cache?.size ?? 0);
}

/** The reference count from llama-tokenizer-js itself (slow: for tests and benchmarks). */
export function countTokensReference(text: string): number {
  return llamaTokenizer.encode(text, false, true).length;
}
