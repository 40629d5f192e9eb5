import { ROLES, type Role, type Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { appendWords, createWordBuffer, type WordBuffer } from '../text/words';
import { writeShingles } from '../text/word-ngrams';

/**
 * Per-turn dedup features of many records, in flat typed arrays (transferable between workers):
 * the normalized hash of every turn (for exact keys and template detection) and the word shingles
 * of every turn (for MinHash and exact Jaccard). Shingles never span two turns, so dropping a
 * template turn later leaves the other turns' shingles intact: templates are only known once all
 * records of a source have been seen, and this way each record is tokenized once.
 */
export interface DedupFeatures {
  /** Records held. */
  recordCount: number;
  /** Turn range of record i: `recordTurns[i] .. recordTurns[i + 1]` (length recordCount + 1). */
  recordTurns: Uint32Array;
  /** Role of each turn, as an index into {@link ROLES}. */
  turnRoles: Uint8Array;
  /** Low 32 bits of each turn's normalized-text hash (`appendWords`). */
  turnKeysLow: Uint32Array;
  /** High 32 bits of each turn's normalized-text hash. */
  turnKeysHigh: Uint32Array;
  /** Length of each turn's text in UTF-16 code units. */
  turnCharacters: Uint32Array;
  /** Shingle range of turn t: `turnShingles[t] .. turnShingles[t + 1]` (length turnCount + 1). */
  turnShingles: Uint32Array;
  /** The 32-bit shingle keys, turn after turn (not sorted). */
  shingles: Uint32Array;
}

/** The minimal turn the features need: a role and a text, with reasoning and tool calls when it has them (a `Turn` of `schema/conversation.ts` fits; read through {@link turnText}). */
export type TextTurn = Pick<Turn, 'role' | 'text' | 'reasoning' | 'toolCalls'>;

/**
 * Accumulates {@link DedupFeatures} record by record (the incremental form): the same arrays, with
 * room to grow, plus the counts filled so far.
 */
export interface FeatureBuilder extends DedupFeatures {
  /** Words per shingle. */
  shingleSize: number;
  /** The tokenizer's reusable buffer. */
  words: WordBuffer;
  turnCount: number;
  shingleCount: number;
}

/** Creates an empty builder for shingles of `shingleSize` words. */
export function createFeatureBuilder(shingleSize: number, expectedRecords = 1024): FeatureBuilder {
  const turns = expectedRecords * 4;
  return {
    shingleSize,
    words: createWordBuffer(4096),
    recordCount: 0,
    turnCount: 0,
    shingleCount: 0,
    recordTurns: new Uint32Array(expectedRecords + 1),
    turnRoles: new Uint8Array(turns),
    turnKeysLow: new Uint32Array(turns),
    turnKeysHigh: new Uint32Array(turns),
    turnCharacters: new Uint32Array(turns),
    turnShingles: new Uint32Array(turns + 1),
    shingles: new Uint32Array(expectedRecords * 256),
  };
}

/** A copy of `array` with room for `length` values (twice the size at least). */
function grow<T extends Uint32Array | Uint8Array>(array: T, length: number): T {
  if (length <= array.length) return array;
  const grown = new (array.constructor as new (size: number) => T)(Math.max(length, array.length * 2));
  grown.set(array);
  return grown;
}

/**
 * Adds one turn whose words are `builder.words[0 .. count)` (already tokenized by `appendWords`,
 * whose `keyLow`/`keyHigh` are the turn's key). Call {@link endRecord} after the record's last turn.
 * This form lets a worker tokenize a turn once and feed the same words to the leakage scanner.
 */
export function addTokenizedTurn(builder: FeatureBuilder, role: Role, characters: number): void {
  const words = builder.words;
  const turn = builder.turnCount;
  if (turn + 2 > builder.turnRoles.length) {
    const size = (turn + 2) * 2;
    builder.turnRoles = grow(builder.turnRoles, size);
    builder.turnKeysLow = grow(builder.turnKeysLow, size);
    builder.turnKeysHigh = grow(builder.turnKeysHigh, size);
    builder.turnCharacters = grow(builder.turnCharacters, size);
    builder.turnShingles = grow(builder.turnShingles, size + 1);
  }
  builder.turnRoles[turn] = ROLES.indexOf(role);
  builder.turnKeysLow[turn] = words.keyLow;
  builder.turnKeysHigh[turn] = words.keyHigh;
  builder.turnCharacters[turn] = characters;
  builder.shingles = grow(builder.shingles, builder.shingleCount + words.count + 1);
  builder.shingleCount += writeShingles(words.hashes, 0, words.count, builder.shingleSize, builder.shingles, builder.shingleCount);
  builder.turnCount = turn + 1;
  builder.turnShingles[turn + 1] = builder.shingleCount;
}

/** Closes the current record (its turns are those added since the previous call). */
export function endRecord(builder: FeatureBuilder): void {
  builder.recordTurns = grow(builder.recordTurns, builder.recordCount + 2);
  builder.recordCount++;
  builder.recordTurns[builder.recordCount] = builder.turnCount;
}

/** Tokenizes and adds a whole record. */
export function addRecord(builder: FeatureBuilder, turns: readonly TextTurn[]): void {
  for (const turn of turns) {
    builder.words.count = 0;
    const text = turnText(turn);
    appendWords(builder.words, text);
    addTokenizedTurn(builder, turn.role, text.length);
  }
  endRecord(builder);
}

/** The features gathered so far, in arrays trimmed to size (the builder can be dropped afterwards). */
export function finishFeatures(builder: FeatureBuilder): DedupFeatures {
  return {
    recordCount: builder.recordCount,
    recordTurns: builder.recordTurns.slice(0, builder.recordCount + 1),
    turnRoles: builder.turnRoles.slice(0, builder.turnCount),
    turnKeysLow: builder.turnKeysLow.slice(0, builder.turnCount),
    turnKeysHigh: builder.turnKeysHigh.slice(0, builder.turnCount),
    turnCharacters: builder.turnCharacters.slice(0, builder.turnCount),
    turnShingles: builder.turnShingles.slice(0, builder.turnCount + 1),
    shingles: builder.shingles.slice(0, builder.shingleCount),
  };
}

/** One-shot form: the features of `records`. */
export function extractFeatures(records: Iterable<readonly TextTurn[]>, shingleSize: number): DedupFeatures {
  const builder = createFeatureBuilder(shingleSize, Array.isArray(records) ? records.length : 1024);
  for (const turns of records) addRecord(builder, turns);
  return finishFeatures(builder);
}

/** The typed arrays of `features`, for `postMessage(features, transferList)` between threads. */
export function featureBuffers(features: DedupFeatures): ArrayBuffer[] {
  // The builder allocates plain ArrayBuffers (never shared ones), which is what a transfer list takes.
  return [features.recordTurns, features.turnRoles, features.turnKeysLow, features.turnKeysHigh, features.turnCharacters, features.turnShingles, features.shingles].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** Concatenates feature batches (worker ranges, sources) into one, records in order. */
export function mergeFeatures(batches: readonly DedupFeatures[]): DedupFeatures {
  let records = 0;
  let turns = 0;
  let shingleTotal = 0;
  for (const batch of batches) {
    records += batch.recordCount;
    turns += batch.turnRoles.length;
    shingleTotal += batch.shingles.length;
  }
  const merged: DedupFeatures = {
    recordCount: records,
    recordTurns: new Uint32Array(records + 1),
    turnRoles: new Uint8Array(turns),
    turnKeysLow: new Uint32Array(turns),
    turnKeysHigh: new Uint32Array(turns),
    turnCharacters: new Uint32Array(turns),
    turnShingles: new Uint32Array(turns + 1),
    shingles: new Uint32Array(shingleTotal),
  };
  let recordBase = 0;
  let turnBase = 0;
  let shingleBase = 0;
  for (const batch of batches) {
    for (let record = 1; record <= batch.recordCount; record++) merged.recordTurns[recordBase + record] = batch.recordTurns[record] + turnBase;
    const turnCount = batch.turnRoles.length;
    merged.turnRoles.set(batch.turnRoles, turnBase);
    merged.turnKeysLow.set(batch.turnKeysLow, turnBase);
    merged.turnKeysHigh.set(batch.turnKeysHigh, turnBase);
    merged.turnCharacters.set(batch.turnCharacters, turnBase);
    for (let turn = 1; turn <= turnCount; turn++) merged.turnShingles[turnBase + turn] = batch.turnShingles[turn] + shingleBase;
    merged.shingles.set(batch.shingles, shingleBase);
    recordBase += batch.recordCount;
    turnBase += turnCount;
    shingleBase += batch.shingles.length;
  }
  return merged;
}
