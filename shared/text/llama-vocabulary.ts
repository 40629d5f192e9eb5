/**
 * The Llama-2 vocabulary as lookup tables for counting and encoding (shared/text/llama-tokens.ts,
 * shared/text/llama-token-ids.ts): the id of each character that is a token by itself, the merges
 * as a typed open-addressing table, and the classes of the piece split. The tables are built from
 * llama-tokenizer-js on first use, checking the two facts about the vocabulary that the piece split
 * relies on (llama-tokens.ts, its module comment).
 */
import llamaTokenizer from 'llama-tokenizer-js';

/** Token id of `▁`, the space (llama-tokenizer-js: "spaces are represented as thick underscore ▁ (id 29871)"). */
const SPACE_ID = 29871;
/** Ids are below 32,000, so a pair of ids packs into one number as `left * ID_SPAN + right`. */
const ID_SPAN = 32768;

/** Lookup tables built from the vocabulary on first use. */
export interface Tables {
  /** Token id of each BMP code unit that is a token by itself, else -1. */
  bmp: Int32Array;
  /** Token id of each astral code point that is a token by itself. */
  astral: Map<number, number>;
  /** The merges: for a pair of ids, its rank and the id it merges into ({@link mergeSlot}). */
  merges: MergeTable;
}

/**
 * The merge table, open addressing over typed arrays (no boxed numbers, one multiply to find a
 * pair): `keys[slot]` is `left * ID_SPAN + right + 1` (0: empty), `ranks[slot]` and `merged[slot]`
 * its rank and result.
 */
export interface MergeTable {
  keys: Int32Array;
  ranks: Int32Array;
  merged: Int32Array;
  /** Bits of the slot index (the table holds `1 << bits` slots). */
  bits: number;
}

/** Bits of the merge table's slots: 2^17 slots for Llama-2's 61,249 merges (under half full). */
const MERGE_BITS = 17;

/** The home slot of a pair key in the merge table. */
function mergeHome(key: number, bits: number): number {
  return Math.imul(key, 0x9e3779b1) >>> (32 - bits);
}

/** Adds a merge to the table. */
function addMerge(table: MergeTable, pair: number, rank: number, merged: number): void {
  const mask = (1 << table.bits) - 1;
  let slot = mergeHome(pair + 1, table.bits);
  while (table.keys[slot] !== 0 && table.keys[slot] !== pair + 1) slot = (slot + 1) & mask;
  table.keys[slot] = pair + 1;
  table.ranks[slot] = rank;
  table.merged[slot] = merged;
}

/** The slot of the merge of ids `left` and `right` (both >= 0), or -1 when they do not merge. */
export function mergeSlot(table: MergeTable, left: number, right: number): number {
  const key = left * ID_SPAN + right + 1;
  const keys = table.keys;
  const mask = (1 << table.bits) - 1;
  let slot = mergeHome(key, table.bits);
  for (;;) {
    const held = keys[slot];
    if (held === key) return slot;
    if (held === 0) return -1;
    slot = (slot + 1) & mask;
  }
}

let tables: Tables | null = null;

/** Class of a code unit for the piece split: 0 other, 1 a space (` ` or `▁`), 2 a barrier (`\n`, `\t`). */
export const SPACE = 1;
export const BARRIER = 2;
export const classes = new Uint8Array(65536);
classes[32] = SPACE;
classes[0x2581] = SPACE;
classes[10] = BARRIER;
classes[9] = BARRIER;

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
  const size = 1 << MERGE_BITS;
  const merges: MergeTable = { keys: new Int32Array(size), ranks: new Int32Array(size), merged: new Int32Array(size), bits: MERGE_BITS };
  const byString = llamaTokenizer.vocabByString;
  for (const [pair, rank] of llamaTokenizer.merges) {
    // A merge is written `left right`; no token holds a plain space (spaces are `▁`).
    const gap = pair.indexOf(' ');
    const left = pair.slice(0, gap);
    const right = pair.slice(gap + 1);
    const leftId = byString.get(left);
    const rightId = byString.get(right);
    const mergedId = byString.get(left + right);
    if (leftId === undefined || rightId === undefined || mergedId === undefined) continue;
    addMerge(merges, leftId * ID_SPAN + rightId, rank, mergedId);
  }
  return { bmp, astral, merges };
}

/** The vocabulary's tables (built on first use; the token ids of shared/text/llama-token-ids.ts use them too). */
export function vocabularyTables(): Tables {
  tables ??= buildTables();
  return tables;
}
