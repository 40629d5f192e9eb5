/**
 * The record index: one row per record of every open source, in columns of typed arrays that grow
 * by doubling, plus two text columns (id and first-user-text preview) held as UTF-8 bytes
 * (text-column.ts). Full records stay on disk and are read by byte range (docs/ARCHITECTURE.md,
 * "Data model"). About 77 bytes per record plus the bytes of the id and preview, and no JavaScript
 * object per record (docs/scale.md, "The review desk at 10M records").
 */
import type { RecordSummary } from '../../shared/schema/record-summary';
import type { RecordBatch } from '../workers/protocol';
import { TextColumn } from './text-column';

/** One row of the index, as callers see it: the record's summary and where it is. */
export interface IndexRow extends RecordSummary {
  /** Row number in the index (changes when an earlier source is closed). */
  row: number;
  sourceId: number;
  /** 0-based position of the record among the records of its source file. */
  ordinal: number;
  /** Byte range in the file (Parquet: `start` is the row number and `length` 0). */
  start: number;
  length: number;
  /** True when another record of the same source has the same id (the key then uses the ordinal). */
  idRepeats: boolean;
}

/** Where a batch's records are in their file. */
export interface BatchPlacement {
  sourceId: number;
  firstOrdinal: number;
  /** File offsets and lengths of the batch's records (all of them, valid or not). */
  starts: ArrayLike<number>;
  lengths: ArrayLike<number>;
  /** 1-based line where each record starts, when known (0: not counted; problems get theirs later). */
  lines?: ArrayLike<number>;
}

const INITIAL_CAPACITY = 1024;

/** Growable columnar storage of record summaries. */
export class RecordIndex {
  private capacity = 0;
  private size = 0;
  private sourceIds = new Uint16Array(0);
  private ordinals = new Uint32Array(0);
  private starts = new Float64Array(0);
  private lengths = new Uint32Array(0);
  private turns = new Uint32Array(0);
  private chars = new Float64Array(0);
  private lossTrue = new Uint32Array(0);
  private lossFalse = new Uint32Array(0);
  private lossNull = new Uint32Array(0);
  private rewards = new Float64Array(0);
  private taskCodes = new Uint16Array(0);
  private flags = new Uint8Array(0);
  private ids = new TextColumn();
  private previews = new TextColumn();
  /** Task names by code; code 0 is "no task". */
  private readonly taskNames: (string | null)[] = [null];
  private readonly taskCodeOf = new Map<string, number>();

  /** Number of records. */
  get count(): number {
    return this.size;
  }

  /**
   * Appends the valid records of a batch; returns their row numbers (in batch order), so that the
   * caller can check ids. Invalid records (`batch.valid[i] === 0`) are skipped.
   */
  append(batch: RecordBatch, placement: BatchPlacement): number[] {
    const rows: number[] = [];
    for (let index = 0; index < batch.count; index++) {
      if (batch.valid[index] !== 1) continue;
      if (this.size === this.capacity) this.grow();
      const row = this.size++;
      this.sourceIds[row] = placement.sourceId;
      this.ordinals[row] = placement.firstOrdinal + index;
      this.starts[row] = placement.starts[index];
      this.lengths[row] = placement.lengths[index];
      this.turns[row] = batch.turns[index];
      this.chars[row] = batch.chars[index];
      this.lossTrue[row] = batch.lossTrue[index];
      this.lossFalse[row] = batch.lossFalse[index];
      this.lossNull[row] = batch.lossNull[index];
      this.rewards[row] = batch.rewards[index];
      this.taskCodes[row] = this.taskCode(batch.tasks[index]);
      this.flags[row] = 0;
      this.ids.push(batch.ids[index]);
      this.previews.push(batch.previews[index]);
      rows.push(row);
    }
    return rows;
  }

  /** Marks row `row` as holding an id that repeats in its source. */
  markIdRepeats(row: number): void {
    this.flags[row] |= 1;
  }

  /** The row `row` (0 ≤ row < count). */
  row(row: number): IndexRow {
    if (row < 0 || row >= this.size) throw new RangeError(`row ${row} is outside the index (0..${this.size - 1})`);
    const reward = this.rewards[row];
    return {
      row,
      sourceId: this.sourceIds[row],
      ordinal: this.ordinals[row],
      start: this.starts[row],
      length: this.lengths[row],
      id: this.ids.get(row),
      idRepeats: (this.flags[row] & 1) === 1,
      task: this.taskNames[this.taskCodes[row]],
      turns: this.turns[row],
      chars: this.chars[row],
      lossTrue: this.lossTrue[row],
      lossFalse: this.lossFalse[row],
      lossNull: this.lossNull[row],
      reward: Number.isNaN(reward) ? null : reward,
      firstUserText: this.previews.get(row) ?? '',
    };
  }

  /** Source id of row `row`, without building the whole row. */
  sourceOf(row: number): number {
    return this.sourceIds[row];
  }

  /** Id of row `row`. */
  idOf(row: number): string | null {
    return this.ids.get(row);
  }

  /** True when the id of row `row` repeats in its source (see {@link markIdRepeats}). */
  idRepeatsOf(row: number): boolean {
    return (this.flags[row] & 1) === 1;
  }

  /** Ordinal of row `row`. */
  ordinalOf(row: number): number {
    return this.ordinals[row];
  }

  /** Turn count of row `row`. */
  turnsOf(row: number): number {
    return this.turns[row];
  }

  /** Task of row `row`. */
  taskOf(row: number): string | null {
    return this.taskNames[this.taskCodes[row]];
  }

  /** Removes every row of `sourceId`, keeping the order of the others. */
  removeSource(sourceId: number): void {
    let write = 0;
    for (let read = 0; read < this.size; read++) {
      if (this.sourceIds[read] === sourceId) continue;
      if (write !== read) this.moveRow(read, write);
      write++;
    }
    this.ids.truncate(write);
    this.previews.truncate(write);
    this.size = write;
  }

  /**
   * Bytes held by the index: the typed columns at their current capacity and the two text columns
   * (their row slots and bytes). `previewBytes` is the part spent on previews.
   */
  memoryBytes(): { total: number; previewBytes: number } {
    const perRow = 2 + 4 + 8 + 4 + 4 + 8 + 4 + 4 + 4 + 8 + 2 + 1;
    const previewBytes = this.previews.bytes;
    return { total: perRow * this.capacity + this.ids.bytes + previewBytes, previewBytes };
  }

  private taskCode(task: string | null): number {
    if (task === null) return 0;
    let code = this.taskCodeOf.get(task);
    if (code === undefined) {
      code = this.taskNames.length;
      if (code > 0xffff) throw new RangeError('more than 65535 distinct tasks');
      this.taskNames.push(task);
      this.taskCodeOf.set(task, code);
    }
    return code;
  }

  private moveRow(from: number, to: number): void {
    this.sourceIds[to] = this.sourceIds[from];
    this.ordinals[to] = this.ordinals[from];
    this.starts[to] = this.starts[from];
    this.lengths[to] = this.lengths[from];
    this.turns[to] = this.turns[from];
    this.chars[to] = this.chars[from];
    this.lossTrue[to] = this.lossTrue[from];
    this.lossFalse[to] = this.lossFalse[from];
    this.lossNull[to] = this.lossNull[from];
    this.rewards[to] = this.rewards[from];
    this.taskCodes[to] = this.taskCodes[from];
    this.flags[to] = this.flags[from];
    this.ids.move(from, to);
    this.previews.move(from, to);
  }

  /** Gives back the room that doubling left unused (after a source is read). */
  trim(): void {
    if (this.capacity - this.size > INITIAL_CAPACITY) this.resize(this.size);
    this.ids.trim();
    this.previews.trim();
  }

  private grow(): void {
    this.resize(Math.max(INITIAL_CAPACITY, this.capacity * 2));
  }

  private resize(capacity: number): void {
    this.sourceIds = resized(this.sourceIds, new Uint16Array(capacity));
    this.ordinals = resized(this.ordinals, new Uint32Array(capacity));
    this.starts = resized(this.starts, new Float64Array(capacity));
    this.lengths = resized(this.lengths, new Uint32Array(capacity));
    this.turns = resized(this.turns, new Uint32Array(capacity));
    this.chars = resized(this.chars, new Float64Array(capacity));
    this.lossTrue = resized(this.lossTrue, new Uint32Array(capacity));
    this.lossFalse = resized(this.lossFalse, new Uint32Array(capacity));
    this.lossNull = resized(this.lossNull, new Uint32Array(capacity));
    this.rewards = resized(this.rewards, new Float64Array(capacity));
    this.taskCodes = resized(this.taskCodes, new Uint16Array(capacity));
    this.flags = resized(this.flags, new Uint8Array(capacity));
    this.capacity = capacity;
  }
}

/** Copies `from` (as much as fits) into `to` and returns `to`. */
function resized<T extends Uint8Array | Uint16Array | Uint32Array | Float64Array>(from: T, to: T): T {
  to.set((from.length > to.length ? from.subarray(0, to.length) : from) as never);
  return to;
}
