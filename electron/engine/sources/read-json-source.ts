/**
 * Reads one JSON source (array, JSON Lines, or one or more top-level objects) in a stream: 4 MiB
 * chunks are hashed (sha256) and scanned for record byte ranges on this thread, then each chunk's
 * complete records go to a worker as one batch, the buffer transferred, not copied. The bytes of a
 * record cut by the chunk end are carried into the next chunk's buffer. Batches finish in order
 * into the record index; at most two per worker are in flight, which bounds memory.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { JsonScanner, type ScanProblem } from '../../../shared/text/json-scanner';
import { LineSplitter } from '../../../shared/text/line-splitter';
import type { RecordBatch } from '../../workers/protocol';
import type { BatchPlacement, RecordIndex } from '../record-index';
import type { WorkerPool } from '../worker-pool';
import type { SourceOptions } from '../types';
import { decideFormat, IDENTIFY_SAMPLES, type FormatDecision } from './format-decision';
import type { SourceStats } from './source-stats';

/** Bytes read per chunk: about one worker batch (issue 2 asks for 4–8 MB). */
export const DEFAULT_CHUNK_BYTES = 4 << 20;

/** What reading a JSON source needs. */
export interface JsonReadContext {
  handle: FileHandle;
  size: number;
  container: 'array' | 'jsonl' | 'object';
  sourceId: number;
  options: SourceOptions;
  pool: WorkerPool;
  index: RecordIndex;
  stats: SourceStats;
  chunkBytes: number;
  previewChars: number;
  signal?: AbortSignal;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytes: number) => void;
}

/** The result: the content hash and the format decision. */
export interface JsonReadResult {
  hash: string;
  decision: FormatDecision;
}

/** A chunk's complete records, waiting for a worker. */
interface PendingBatch {
  buffer: Buffer;
  base: number;
  starts: number[];
  ends: number[];
  lines: number[];
  firstOrdinal: number;
}

/** Reads a JSON source into the index; see the module comment. */
export async function readJsonSource(context: JsonReadContext): Promise<JsonReadResult> {
  const { handle, size, stats, chunkBytes } = context;
  const hash = createHash('sha256');
  let starts: number[] = [];
  let ends: number[] = [];
  let lines: number[] = [];
  const onRecord = (start: number, end: number, line: number): void => {
    starts.push(start);
    ends.push(end);
    lines.push(line);
  };
  const onProblem = (problem: ScanProblem): void => stats.addProblem({ line: problem.line, offset: problem.offset, message: problem.message });
  const splitter = context.container === 'jsonl' ? new LineSplitter(onRecord) : new JsonScanner(context.container === 'array' ? 'array' : 'values', { onRecord, onProblem });
  const flow = new BatchFlow(context);
  let carry: Buffer | null = null;
  let position = 0;
  let ordinal = 0;
  while (position < size) {
    context.signal?.throwIfAborted();
    const carried: number = carry === null ? 0 : carry.length;
    const buffer = Buffer.allocUnsafeSlow(carried + Math.min(chunkBytes, size - position));
    if (carry !== null) carry.copy(buffer, 0);
    const base: number = position - carried;
    const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, position);
    if (bytesRead === 0) break;
    const fresh = buffer.subarray(carried, carried + bytesRead);
    hash.update(fresh);
    splitter.push(fresh, position);
    position += bytesRead;
    if (position >= size) splitter.end();
    const open = position >= size ? -1 : splitter.openStart;
    // Copy the unfinished record out before the buffer is transferred to a worker.
    carry = open >= 0 ? Buffer.from(buffer.subarray(open - base, carried + bytesRead)) : null;
    if (starts.length > 0) {
      await flow.add({ buffer: buffer.subarray(0, carried + bytesRead), base, starts, ends, lines, firstOrdinal: ordinal });
      ordinal += starts.length;
      starts = [];
      ends = [];
      lines = [];
    }
    context.onBytes?.(position);
  }
  const decision = await flow.finish();
  return { hash: hash.digest('hex'), decision };
}

/** Decides the format from the first batches, then keeps the workers fed and the results in order. */
class BatchFlow {
  private decision: FormatDecision | null = null;
  private readonly held: PendingBatch[] = [];
  private readonly inFlight: { batch: PendingBatch; result: Promise<RecordBatch> }[] = [];

  constructor(private readonly context: JsonReadContext) {}

  /** Takes a chunk's records. */
  async add(batch: PendingBatch): Promise<void> {
    if (this.decision === null) {
      this.held.push(batch);
      const samples = this.samples();
      if (samples.length < IDENTIFY_SAMPLES && this.heldBytes() < 64 << 20) return;
      this.decide(samples);
      for (const waiting of this.held.splice(0)) await this.dispatch(waiting);
      return;
    }
    await this.dispatch(batch);
  }

  /** Waits for every batch; returns the decision. */
  async finish(): Promise<FormatDecision> {
    if (this.decision === null) {
      this.decide(this.samples());
      for (const waiting of this.held.splice(0)) await this.dispatch(waiting);
    }
    while (this.inFlight.length > 0) await this.settleOldest();
    return this.decision as FormatDecision;
  }

  private decide(samples: unknown[]): void {
    this.decision = decideFormat(samples, this.context.options);
  }

  private heldBytes(): number {
    return this.held.reduce((total, batch) => total + batch.buffer.length, 0);
  }

  /** Up to 32 parsed records from the held batches (records that do not parse are left to the workers to report). */
  private samples(): unknown[] {
    const samples: unknown[] = [];
    for (const batch of this.held) {
      for (let item = 0; item < batch.starts.length && samples.length < IDENTIFY_SAMPLES; item++) {
        try {
          samples.push(JSON.parse(batch.buffer.toString('utf8', batch.starts[item] - batch.base, batch.ends[item] - batch.base)));
        } catch {
          // reported with its line when the batch is parsed
        }
      }
    }
    return samples;
  }

  private async dispatch(batch: PendingBatch): Promise<void> {
    const { context } = this;
    const decision = this.decision as FormatDecision;
    if (decision.format === null) {
      // Not conversations: count the values, parse nothing.
      context.stats.elements += batch.starts.length;
      return;
    }
    while (this.inFlight.length >= context.pool.size * 2) await this.settleOldest();
    const count = batch.starts.length;
    const starts = new Uint32Array(count);
    const ends = new Uint32Array(count);
    for (let item = 0; item < count; item++) {
      starts[item] = batch.starts[item] - batch.base;
      ends[item] = batch.ends[item] - batch.base;
    }
    const lines = Uint32Array.from(batch.lines);
    // Transfer the whole ArrayBuffer: allocUnsafeSlow gave this buffer one of its own.
    const arrayBuffer = batch.buffer.buffer as ArrayBuffer;
    const result = context.pool.run(
      { kind: 'parse-records', buffer: arrayBuffer, starts, ends, lines, base: batch.base, firstOrdinal: batch.firstOrdinal, format: decision.format, context: { task: context.options.task ?? null }, previewChars: context.previewChars },
      { transfer: [arrayBuffer], signal: context.signal },
    );
    result.catch(() => undefined); // awaited in order by settleOldest
    this.inFlight.push({ batch, result });
  }

  private async settleOldest(): Promise<void> {
    const { batch, result } = this.inFlight.shift() as { batch: PendingBatch; result: Promise<RecordBatch> };
    const records = await result;
    const placement: BatchPlacement = {
      sourceId: this.context.sourceId,
      firstOrdinal: batch.firstOrdinal,
      starts: batch.starts,
      lengths: batch.ends.map((end, item) => end - batch.starts[item]),
      lines: batch.lines,
    };
    const rows = this.context.index.append(records, placement);
    this.context.stats.addBatch(records, placement, rows, this.context.index);
  }
}
