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
  /**
   * The 32-bit shingle keys, turn after turn (not sorted): in memory, or in a {@link ShingleStore}
   * (a run's features keep them on disk: docs/scale.md, "Bounded memory"). Read through {@link shingleRange}.
   */
  shingles: Uint32Array | ShingleStore;
}

/** Features whose shingles are in memory (what a builder gives and a worker sends). */
export type FeaturesInMemory = DedupFeatures & { shingles: Uint32Array };

/** Shingle keys held outside the heap, read back by range. */
export interface ShingleStore {
  /** Keys held. */
  readonly length: number;
  /** A copy of the keys `[from, to)`. */
  read(from: number, to: number): Uint32Array;
}

/** The shingle keys `[from, to)` of `features`: a view of the array, or a copy read from the store. */
export function shingleRange(features: DedupFeatures, from: number, to: number): Uint32Array {
  const { shingles } = features;
  return shingles instanceof Uint32Array ? shingles.subarray(from, to) : shingles.read(from, to);
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
  shingles: Uint32Array;
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
export function finishFeatures(builder: FeatureBuilder): FeaturesInMemory {
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
export function extractFeatures(records: Iterable<readonly TextTurn[]>, shingleSize: number): FeaturesInMemory {
  const builder = createFeatureBuilder(shingleSize, Array.isArray(records) ? records.length : 1024);
  for (const turns of records) addRecord(builder, turns);
  return finishFeatures(builder);
}

/** The typed arrays of `features`, for `postMessage(features, transferList)` between threads. */
export function featureBuffers(features: FeaturesInMemory): ArrayBuffer[] {
  // The builder allocates plain ArrayBuffers (never shared ones), which is what a transfer list takes.
  return [features.recordTurns, features.turnRoles, features.turnKeysLow, features.turnKeysHigh, features.turnCharacters, features.turnShingles, features.shingles].map(
    (array) => array.buffer as ArrayBuffer,
  );
}

/** Where a {@link FeatureMerger} puts the shingles: a store it can append to (a file, on the engine). */
export interface AppendableShingleStore extends ShingleStore {
  append(values: Uint32Array): void;
}

/**
 * Concatenates feature batches (worker ranges, sources) one at a time, records in order, so each
 * batch can be dropped once added (docs/scale.md, "Bounded memory"): the per-turn arrays grow here,
 * the shingles go to `store` when one is given (else to one array).
 */
export class FeatureMerger {
  private readonly merged: FeatureBuilder;

  constructor(private readonly store: AppendableShingleStore | null = null) {
    this.merged = createFeatureBuilder(0);
    if (store !== null) this.merged.shingles = new Uint32Array(0);
  }

  /** Adds the records of `batch` after those added so far. */
  add(batch: FeaturesInMemory): void {
    const merged = this.merged;
    const turnBase = merged.turnCount;
    const turnCount = batch.turnRoles.length;
    const shingleBase = merged.shingleCount;
    merged.recordTurns = grow(merged.recordTurns, merged.recordCount + batch.recordCount + 1);
    for (let record = 1; record <= batch.recordCount; record++) merged.recordTurns[merged.recordCount + record] = batch.recordTurns[record] + turnBase;
    const size = turnBase + turnCount;
    merged.turnRoles = grow(merged.turnRoles, size);
    merged.turnKeysLow = grow(merged.turnKeysLow, size);
    merged.turnKeysHigh = grow(merged.turnKeysHigh, size);
    merged.turnCharacters = grow(merged.turnCharacters, size);
    merged.turnShingles = grow(merged.turnShingles, size + 1);
    merged.turnRoles.set(batch.turnRoles, turnBase);
    merged.turnKeysLow.set(batch.turnKeysLow, turnBase);
    merged.turnKeysHigh.set(batch.turnKeysHigh, turnBase);
    merged.turnCharacters.set(batch.turnCharacters, turnBase);
    for (let turn = 1; turn <= turnCount; turn++) merged.turnShingles[turnBase + turn] = batch.turnShingles[turn] + shingleBase;
    if (this.store === null) {
      merged.shingles = grow(merged.shingles, shingleBase + batch.shingles.length);
      merged.shingles.set(batch.shingles, shingleBase);
    } else this.store.append(batch.shingles);
    merged.recordCount += batch.recordCount;
    merged.turnCount = size;
    merged.shingleCount += batch.shingles.length;
  }

  /** The features of every batch added, in arrays trimmed to size (the shingles in the store, when there is one). */
  finish(): DedupFeatures {
    const features = finishFeatures(this.merged);
    return this.store === null ? features : { ...features, shingles: this.store };
  }
}

/** Concatenates feature batches (worker ranges, sources) into one, records in order. */
export function mergeFeatures(batches: readonly FeaturesInMemory[]): FeaturesInMemory {
  const merger = new FeatureMerger();
  for (const batch of batches) merger.add(batch);
  return merger.finish() as FeaturesInMemory;
}
