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
 * 2. Pieces repeat (words, template prompts), so each piece's count is cached.
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
/** The piece cache is cleared when it reaches this many entries, which bounds its memory (tens of MB). */
const CACHE_LIMIT = 500_000;

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
const pieceCache = new Map<string, number>();

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

/** Scratch buffer for the ids of one piece, grown on demand. */
let scratch = new Int32Array(LONG_PIECE + 2);

/** Counts the tokens of one short piece with plain BPE (lowest rank first, leftmost on ties). */
function countShortPiece(piece: string, table: Tables): number {
  if (scratch.length < piece.length) scratch = new Int32Array(piece.length * 2);
  const ids = scratch;
  let length = 0;
  let byteTokens = 0;
  for (let index = 0; index < piece.length; index++) {
    let codePoint = piece.charCodeAt(index);
    let id: number;
    if (codePoint >= 0xd800 && codePoint <= 0xdbff && index + 1 < piece.length) {
      const low = piece.charCodeAt(index + 1);
      if (low >= 0xdc00 && low <= 0xdfff) {
        codePoint = (codePoint - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
        index++;
      }
    }
    if (codePoint > 0xffff) id = table.astral.get(codePoint) ?? -1;
    else id = table.bmp[codePoint];
    if (id < 0) {
      // Not in the vocabulary: one byte token per UTF-8 byte, and a barrier no merge crosses.
      byteTokens += utf8Length(codePoint);
    }
    ids[length++] = id;
  }
  const merges = table.merges;
  for (;;) {
    let bestRank = Number.POSITIVE_INFINITY;
    let bestIndex = -1;
    let bestMerged = 0;
    for (let index = 0; index + 1 < length; index++) {
      const left = ids[index];
      const right = ids[index + 1];
      if (left < 0 || right < 0) continue;
      const packed = merges.get(left * ID_SPAN + right);
      if (packed === undefined) continue;
      const rank = Math.floor(packed / ID_SPAN);
      if (rank < bestRank) {
        bestRank = rank;
        bestIndex = index;
        bestMerged = packed - rank * ID_SPAN;
      }
    }
    if (bestIndex < 0) break;
    ids[bestIndex] = bestMerged;
    ids.copyWithin(bestIndex + 1, bestIndex + 2, length);
    length--;
  }
  let tokens = byteTokens;
  for (let index = 0; index < length; index++) if (ids[index] >= 0) tokens++;
  return tokens;
}

/** Counts one piece, from the cache when it was seen before. */
function countPiece(piece: string, table: Tables): number {
  const cached = pieceCache.get(piece);
  if (cached !== undefined) return cached;
  const tokens =
    piece.length > LONG_PIECE ? llamaTokenizer.encode(piece, false, false).length : countShortPiece(piece, table);
  if (pieceCache.size >= CACHE_LIMIT) pieceCache.clear();
  pieceCache.set(piece, tokens);
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
  for (let index = 0; index <= text.length; index++) {
    const code = index < text.length ? text.charCodeAt(index) : -1;
    const boundary =
      index === text.length || (isSpace(code) && !isSpace(previous)) || isBarrier(code) || isBarrier(previous);
    if (boundary && (index > start || first)) {
      if (first) {
        tokens += countPiece(' ' + text.slice(start, index), table);
        first = false;
      } else if (index - start === 1 && isBarrier(text.charCodeAt(start))) {
        tokens += 1;
      } else {
        tokens += countPiece(text.slice(start, index), table);
      }
      start = index;
    }
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
  pieceCache.clear();
}

/** Number of pieces in the cache. */
export function tokenCacheSize(): number {
  return pieceCache.size;
}

/** The reference count from llama-tokenizer-js itself (slow: for tests and benchmarks). */
export function countTokensReference(text: string): number {
  return llamaTokenizer.encode(text, false, true).length;
}
