/**
 * Keeps the workers fed with a source's batches and takes their results in file order into the
 * record index: decides the format first (from the first records), then dispatches, at most two
 * batches per worker in flight, and numbers records (ordinals) as batches settle.
 */
import { parseJsonBytes } from './json-bytes';
import { objectMembers } from './object-members';
import type { BatchPlacement } from '../record-index';
import type { ParseRecordsRequest, RecordBatch } from '../../workers/protocol';
import { scanJson } from '../../../shared/text/json-scanner';
import { decideFormat, IDENTIFY_SAMPLES, type FormatDecision } from './format-decision';
import type { RecordIndex } from '../record-index';
import type { SourceOptions } from '../types';
import type { WorkerPool } from '../worker-pool';
import type { SourceStats } from './source-stats';

/** What the flow needs of the source being read. */
export interface BatchFlowContext {
  sourceId: number;
  /** The file's path as given (readers may name the task by its folder). */
  path: string;
  options: SourceOptions;
  pool: WorkerPool;
  index: RecordIndex;
  stats: SourceStats;
  previewChars: number;
  /** Records longer than this are problems (docs/ingest.md, "Limits"). */
  maxRecordBytes: number;
  /** The encoding the source was decoded from, for the messages of bad bytes. */
  encoding?: string;
  signal?: AbortSignal;
}

/** A chunk's records, found on this thread: absolute byte ranges and lines (and keys, in a keyed container). */
export interface RangesBatch {
  buffer: Buffer;
  base: number;
  starts: number[];
  ends: number[];
  lines: number[];
  keys?: string[];
}

/**
 * The records of a keyed container (docs/formats.md, "Keyed containers"): each top-level object of
 * the batch cut into its members, whose values are the records and whose keys are their ids.
 */
function keyedMembers(batch: RangesBatch): RangesBatch {
  const keyed: RangesBatch = { buffer: batch.buffer, base: batch.base, starts: [], ends: [], lines: [], keys: [] };
  for (let item = 0; item < batch.starts.length; item++) {
    const members = objectMembers(batch.buffer, batch.starts[item] - batch.base, batch.ends[item] - batch.base);
    for (let member = 0; member < members.keys.length; member++) {
      keyed.starts.push(batch.base + members.starts[member]);
      keyed.ends.push(batch.base + members.ends[member]);
      keyed.lines.push(batch.lines[item] + members.linesBefore[member]);
      keyed.keys!.push(members.keys[member]);
    }
  }
  return keyed;
}

/** A piece of an array cut at element starts (each after `separator`), split by the worker. */
export interface PieceBatch {
  buffer: Buffer;
  length: number;
  base: number;
  first: boolean;
  last: boolean;
  separator: Uint8Array;
  signature: Uint8Array;
}

/** A piece did not split cleanly: the source must be read again with this thread scanning. */
export class PieceLayoutError extends Error {
  constructor() {
    super('a piece of the array did not split at its separators');
    this.name = 'PieceLayoutError';
  }
}

/** Records longer than this are not parsed here for identifying the format while smaller ones are at hand. */
const SAMPLE_BYTES = 4 << 20;

/** The values of a record's bytes: one, several (`{...}{...}` on a line), or none when it is not JSON. */
function parseSample(buffer: Buffer, start: number, end: number): unknown[] {
  try {
    // Identifying looks at a record's shape: a huge record's long strings are cut to their first 64 KiB (docs/scale.md, "One huge record").
    return [parseJsonBytes(buffer, start, end, { preview: 64 << 10 })];
  } catch {
    const values: unknown[] = [];
    for (const record of scanJson(buffer.subarray(start, end), 'values').records) {
      try {
        values.push(JSON.parse(buffer.toString('utf8', start + record.start, start + record.end)));
      } catch {
        // reported with its line when the batch is parsed
      }
    }
    return values;
  }
}

/** See the module comment. */
export class BatchFlow {
  private decision: FormatDecision | null = null;
  private readonly held: RangesBatch[] = [];
  private readonly inFlight: { base: number; result: Promise<RecordBatch> }[] = [];
  /** Ordinal of the next record. */
  private ordinal = 0;

  constructor(private readonly context: BatchFlowContext) {}

  /** Decides the format from these samples now; true when the source holds conversations. */
  decide(samples: unknown[]): boolean {
    this.decision = decideFormat(samples, this.context.options);
    return this.decision.format !== null;
  }

  /** Takes records found on this thread. */
  async addRanges(batch: RangesBatch): Promise<void> {
    if (this.decision === null) {
      this.held.push(batch);
      const samples = this.samples();
      if (samples.length < IDENTIFY_SAMPLES && this.held.reduce((total, held) => total + held.buffer.length, 0) < 64 << 20) return;
      this.decide(samples);
      for (const waiting of this.held.splice(0)) await this.dispatchRanges(waiting);
      return;
    }
    await this.dispatchRanges(batch);
  }

  /** Takes a piece of an array (the format is decided by then). */
  async addPiece(piece: PieceBatch): Promise<void> {
    await this.makeRoom();
    this.send(piece.buffer, piece.base, { length: piece.length, scan: { first: piece.first, last: piece.last, separator: piece.separator, signature: piece.signature } });
  }

  /** Waits for every batch; returns the decision. */
  async finish(): Promise<FormatDecision> {
    if (this.decision === null) {
      this.decide(this.samples());
      for (const waiting of this.held.splice(0)) await this.dispatchRanges(waiting);
    }
    while (this.inFlight.length > 0) await this.settleOldest();
    return this.decision as FormatDecision;
  }

  /**
   * Up to 32 parsed records from the held batches (records that do not parse are left to the
   * workers to report; a line of several values gives each; records over {@link SAMPLE_BYTES} are
   * only parsed when nothing smaller is there, so that identifying costs no huge parse here).
   */
  private samples(): unknown[] {
    const samples: unknown[] = [];
    let huge: { batch: RangesBatch; item: number } | null = null;
    for (const batch of this.held) {
      for (let item = 0; item < batch.starts.length && samples.length < IDENTIFY_SAMPLES; item++) {
        const start = batch.starts[item] - batch.base;
        const end = batch.ends[item] - batch.base;
        if (end - start > SAMPLE_BYTES) {
          huge ??= { batch, item };
          continue;
        }
        for (const value of parseSample(batch.buffer, start, end)) if (samples.length < IDENTIFY_SAMPLES) samples.push(value);
      }
    }
    if (samples.length === 0 && huge !== null) {
      const { batch, item } = huge;
      for (const value of parseSample(batch.buffer, batch.starts[item] - batch.base, batch.ends[item] - batch.base)) samples.push(value);
    }
    return samples;
  }

  private async dispatchRanges(batch: RangesBatch): Promise<void> {
    if ((this.decision as FormatDecision).format === null) {
      // Not conversations: count the values, parse nothing.
      this.context.stats.elements += batch.starts.length;
      return;
    }
    if ((this.decision as { keyed?: boolean }).keyed === true) batch = keyedMembers(batch);
    const count = batch.starts.length;
    if (count === 0) return;
    await this.makeRoom();
    const starts = new Uint32Array(count);
    const ends = new Uint32Array(count);
    for (let item = 0; item < count; item++) {
      starts[item] = batch.starts[item] - batch.base;
      ends[item] = batch.ends[item] - batch.base;
    }
    this.send(batch.buffer, batch.base, { length: ends[count - 1], ranges: { starts, ends, lines: Uint32Array.from(batch.lines) }, keys: batch.keys });
  }

  private async makeRoom(): Promise<void> {
    while (this.inFlight.length >= this.context.pool.size * 2) await this.settleOldest();
  }

  private send(buffer: Buffer, base: number, batch: Pick<ParseRecordsRequest, 'length' | 'ranges' | 'scan' | 'keys'>): void {
    const { context } = this;
    // Transfer the whole ArrayBuffer: allocUnsafeSlow gave each chunk buffer one of its own.
    const arrayBuffer = buffer.buffer as ArrayBuffer;
    const format = (this.decision as FormatDecision).format;
    if (format === null) throw new Error('no format to parse with');
    const result = context.pool.run(
      { kind: 'parse-records', buffer: arrayBuffer, ...batch, base, format, context: { task: context.options.task ?? null, source: context.path, mapping: context.options.mapping ?? null }, previewChars: context.previewChars, maxRecordBytes: context.maxRecordBytes, encoding: context.encoding },
      { transfer: [arrayBuffer], signal: context.signal },
    );
    result.catch(() => undefined); // awaited in order by settleOldest
    this.inFlight.push({ base, result });
  }

  private async settleOldest(): Promise<void> {
    const { base, result } = this.inFlight.shift() as (typeof this.inFlight)[number];
    const records = await result;
    if (records.rescan) throw new PieceLayoutError();
    const count = records.count;
    const starts = new Float64Array(count);
    const lengths = new Uint32Array(count);
    for (let item = 0; item < count; item++) {
      starts[item] = base + records.starts[item];
      lengths[item] = records.ends[item] - records.starts[item];
    }
    // Pieces leave lines 0; the reader counts the lines of the problems it lists at the end.
    const placement: BatchPlacement = { sourceId: this.context.sourceId, firstOrdinal: this.ordinal, starts, lengths, lines: records.lines };
    this.ordinal += count;
    const rows = this.context.index.append(records, placement);
    this.context.stats.addBatch(records, placement, rows, this.context.index);
  }
}
