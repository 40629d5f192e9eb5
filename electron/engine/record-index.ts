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

/**
 * Rows per page of every typed column. The columns grow a page at a time and are never copied, so
 * indexing holds no second copy of them at any moment (doubling and trimming flat arrays held two:
 * about 1 GB at 10M records; docs/scale.md, "The review desk at 10M records"). A page of every
 * column is 53 bytes x 16,384 = 848 KiB.
 */
const PAGE_BITS = 14;
const PAGE_ROWS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_ROWS - 1;

/** Bytes a row takes in the typed columns. */
const ROW_BYTES = 2 + 4 + 8 + 4 + 4 + 8 + 4 + 4 + 4 + 8 + 2 + 1;

/** Growable columnar storage of record summaries, in pages of typed arrays (see PAGE_ROWS). */
export class RecordIndex {
  private size = 0;
  private readonly sourceIds: Uint16Array[] = [];
  private readonly ordinals: Uint32Array[] = [];
  private readonly starts: Float64Array[] = [];
  private readonly lengths: Uint32Array[] = [];
  private readonly turns: Uint32Array[] = [];
  private readonly chars: Float64Array[] = [];
  private readonly lossTrue: Uint32Array[] = [];
  private readonly lossFalse: Uint32Array[] = [];
  private readonly lossNull: Uint32Array[] = [];
  private readonly rewards: Float64Array[] = [];
  private readonly taskCodes: Uint16Array[] = [];
  private readonly flags: Uint8Array[] = [];
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
      if (this.size === this.sourceIds.length * PAGE_ROWS) this.addPage();
      const row = this.size++;
      const page = row >>> PAGE_BITS;
      const slot = row & PAGE_MASK;
      this.sourceIds[page][slot] = placement.sourceId;
      this.ordinals[page][slot] = placement.firstOrdinal + index;
      this.starts[page][slot] = placement.starts[index];
      this.lengths[page][slot] = placement.lengths[index];
      this.turns[page][slot] = batch.turns[index];
      this.chars[page][slot] = batch.chars[index];
      this.lossTrue[page][slot] = batch.lossTrue[index];
      this.lossFalse[page][slot] = batch.lossFalse[index];
      this.lossNull[page][slot] = batch.lossNull[index];
      this.rewards[page][slot] = batch.rewards[index];
      this.taskCodes[page][slot] = this.taskCode(batch.tasks[index]);
      this.flags[page][slot] = 0;
      this.ids.push(batch.ids[index]);
      this.previews.push(batch.previews[index]);
      rows.push(row);
    }
    return rows;
  }

  /** Marks row `row` as holding an id that repeats in its source. */
  markIdRepeats(row: number): void {
    this.flags[row >>> PAGE_BITS][row & PAGE_MASK] |= 1;
  }

  /** The row `row` (0 ≤ row < count). */
  row(row: number): IndexRow {
    if (row < 0 || row >= this.size) throw new RangeError(`row ${row} is outside the index (0..${this.size - 1})`);
    const page = row >>> PAGE_BITS;
    const slot = row & PAGE_MASK;
    const reward = this.rewards[page][slot];
    return {
      row,
      sourceId: this.sourceIds[page][slot],
      ordinal: this.ordinals[page][slot],
      start: this.starts[page][slot],
      length: this.lengths[page][slot],
      id: this.ids.get(row),
      idRepeats: (this.flags[page][slot] & 1) === 1,
      task: this.taskNames[this.taskCodes[page][slot]],
      turns: this.turns[page][slot],
      chars: this.chars[page][slot],
      lossTrue: this.lossTrue[page][slot],
      lossFalse: this.lossFalse[page][slot],
      lossNull: this.lossNull[page][slot],
      reward: Number.isNaN(reward) ? null : reward,
      firstUserText: this.previews.get(row) ?? '',
    };
  }

  /** Source id of row `row`, without building the whole row. */
  sourceOf(row: number): number {
    return this.sourceIds[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  /** Id of row `row`. */
  idOf(row: number): string | null {
    return this.ids.get(row);
  }

  /** True when the id of row `row` repeats in its source (see {@link markIdRepeats}). */
  idRepeatsOf(row: number): boolean {
    return (this.flags[row >>> PAGE_BITS][row & PAGE_MASK] & 1) === 1;
  }

  /**
   * True when row `row`'s key names its ordinal rather than its id: it has no id, its id repeats in
   * its source, or its id starts with '#' (see Engine.keyOf).
   */
  keyedByOrdinal(row: number): boolean {
    return this.idRepeatsOf(row) || this.ids.isNull(row) || this.ids.firstByte(row) === 0x23;
  }

  /** Ordinal of row `row`. */
  ordinalOf(row: number): number {
    return this.ordinals[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  /** Turn count of row `row`. */
  turnsOf(row: number): number {
    return this.turns[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  /** Characters of row `row`. */
  charsOf(row: number): number {
    return this.chars[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  /** Reward of row `row`; NaN when it has none. */
  rewardOf(row: number): number {
    return this.rewards[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  /** Task of row `row`. */
  taskOf(row: number): string | null {
    return this.taskNames[this.taskCodes[row >>> PAGE_BITS][row & PAGE_MASK]];
  }

  /** Task code of row `row` (0: no task); {@link taskName} names it. */
  taskCodeOfRow(row: number): number {
    return this.taskCodes[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  /** The task of a code of {@link taskCodeOfRow}. */
  taskName(code: number): string | null {
    return this.taskNames[code];
  }

  /** The id column itself, for passes over its bytes (sort, search). */
  get idColumn(): TextColumn {
    return this.ids;
  }

  /** The preview column itself, for passes over its bytes (search). */
  get previewColumn(): TextColumn {
    return this.previews;
  }

  /** Removes every row of `sourceId`, keeping the order of the others. */
  removeSource(sourceId: number): void {
    let write = 0;
    for (let read = 0; read < this.size; read++) {
      if (this.sourceOf(read) === sourceId) continue;
      if (write !== read) this.moveRow(read, write);
      write++;
    }
    this.ids.truncate(write);
    this.previews.truncate(write);
    this.size = write;
    // Pages past the last row are given back.
    const pages = Math.ceil(write / PAGE_ROWS);
    for (const column of this.columns()) column.length = pages;
  }

  /**
   * Bytes held by the index: the typed columns' pages and the two text columns (their row slots and
   * bytes). `previewBytes` is the part spent on previews.
   */
  memoryBytes(): { total: number; previewBytes: number } {
    const previewBytes = this.previews.bytes;
    return { total: ROW_BYTES * PAGE_ROWS * this.sourceIds.length + this.ids.bytes + previewBytes, previewBytes };
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
    const fromPage = from >>> PAGE_BITS;
    const fromSlot = from & PAGE_MASK;
    const toPage = to >>> PAGE_BITS;
    const toSlot = to & PAGE_MASK;
    for (const column of this.columns()) column[toPage][toSlot] = column[fromPage][fromSlot];
    this.ids.move(from, to);
    this.previews.move(from, to);
  }

  private columns(): (Uint8Array | Uint16Array | Uint32Array | Float64Array)[][] {
    return [this.sourceIds, this.ordinals, this.starts, this.lengths, this.turns, this.chars, this.lossTrue, this.lossFalse, this.lossNull, this.rewards, this.taskCodes, this.flags];
  }

  /** Gives back the unused end of the text columns (after a source is read); the typed columns waste at most a page. */
  trim(): void {
    this.ids.trim();
    this.previews.trim();
  }

  private addPage(): void {
    this.sourceIds.push(new Uint16Array(PAGE_ROWS));
    this.ordinals.push(new Uint32Array(PAGE_ROWS));
    this.starts.push(new Float64Array(PAGE_ROWS));
    this.lengths.push(new Uint32Array(PAGE_ROWS));
    this.turns.push(new Uint32Array(PAGE_ROWS));
    this.chars.push(new Float64Array(PAGE_ROWS));
    this.lossTrue.push(new Uint32Array(PAGE_ROWS));
    this.lossFalse.push(new Uint32Array(PAGE_ROWS));
    this.lossNull.push(new Uint32Array(PAGE_ROWS));
    this.rewards.push(new Float64Array(PAGE_ROWS));
    this.taskCodes.push(new Uint16Array(PAGE_ROWS));
    this.flags.push(new Uint8Array(PAGE_ROWS));
  }
}
