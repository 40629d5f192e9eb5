/**
 * Reads a Parquet shard (a Hugging Face dataset file): a worker reads the footer and the first rows
 * (to identify the format), then each row group (in slices of at most {@link ROWS_PER_TASK} rows)
 * in a worker. Nothing of the file's content is decoded on this thread, so a damaged footer or page
 * costs a worker task, never the engine. A footer that cannot be read is one problem for the file;
 * a row group that cannot be read (damaged page, cut data, a worker that died on it) is one problem
 * naming the group, its rows and bytes, and the other groups are read. The content hash is a
 * streamed sha256 of the file, as for JSON.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { ParquetGroup, RecordBatch } from '../../workers/protocol';
import { decideFormat, IDENTIFY_SAMPLES, type FormatDecision } from './format-decision';
import type { BatchFlowContext } from './batch-flow';

/** Rows per worker task: a few MB of conversations. */
export const ROWS_PER_TASK = 2000;

/** What reading a Parquet source needs. */
export interface ParquetReadContext extends BatchFlowContext {
  /** The file to read (the source's own path, or its decoded copy for a gzip-compressed shard). */
  path: string;
  size: number;
  onBytes?: (bytes: number) => void;
}

/** Streams the file through sha256. */
export async function hashFile(path: string, signal?: AbortSignal, onBytes?: (bytes: number) => void): Promise<string> {
  const hash = createHash('sha256');
  let done = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 4 << 20, signal })) {
    hash.update(chunk as Buffer);
    done += (chunk as Buffer).length;
    onBytes?.(done);
  }
  return hash.digest('hex');
}

/** The message of a worker error, without the pool's wrapping. */
function reasonOf(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message.replace(/^worker task "[^"]+" failed: /, '');
}

/** Reads a Parquet source into the index. */
export async function readParquetSource(context: ParquetReadContext): Promise<{ hash: string; decision: FormatDecision }> {
  const { path, stats } = context;
  const hash = await hashFile(path, context.signal, context.onBytes);
  let opened;
  try {
    opened = await context.pool.run({ kind: 'parquet-open', path, size: context.size, samples: IDENTIFY_SAMPLES }, { signal: context.signal });
  } catch (error) {
    context.signal?.throwIfAborted();
    opened = { rows: 0, groups: [], sample: [], footerProblem: `the footer cannot be read: ${reasonOf(error)}` };
  }
  if (opened.footerProblem !== null) {
    stats.addProblem({ line: 0, offset: Math.max(0, context.size - 8), message: `Parquet: ${opened.footerProblem}` });
    if (opened.groups.length === 0) {
      stats.readFailure ??= opened.footerProblem;
      return { hash, decision: { format: null, notConversations: `a Parquet file whose footer cannot be read: ${opened.footerProblem}` } };
    }
  }
  const lost = (group: ParquetGroup, reason: string): void => {
    const message = `row group ${group.index} (rows ${group.firstRow + 1}–${group.firstRow + group.rows}, bytes ${group.start}–${group.end}) cannot be read: ${reason}; its ${group.rows} rows were skipped, the other row groups were read`;
    stats.addProblem({ line: group.firstRow + 1, offset: group.start, rowGroup: group.index, message });
    stats.readFailure ??= message;
  };
  const readable = opened.groups.filter((group) => {
    if (group.problem !== null) lost(group, group.problem);
    return group.problem === null;
  });
  const decision = decideFormat(opened.sample, context.options);
  if (decision.format === null) {
    stats.elements = readable.reduce((total, group) => total + group.rows, 0);
    return { hash, decision };
  }
  const slices: { group: ParquetGroup; rowStart: number; rowEnd: number }[] = [];
  for (const group of readable) {
    const groupEnd = group.firstRow + group.rows;
    for (let start = group.firstRow; start < groupEnd; start += ROWS_PER_TASK) slices.push({ group, rowStart: start, rowEnd: Math.min(groupEnd, start + ROWS_PER_TASK) });
  }
  const format = decision.format;
  const run = ({ rowStart, rowEnd }: (typeof slices)[number]): Promise<RecordBatch> => {
    const result = context.pool.run({ kind: 'parquet-rows', path, rowStart, rowEnd, format, context: { task: context.options.task ?? null, source: path, mapping: context.options.mapping ?? null }, previewChars: context.previewChars }, { signal: context.signal });
    result.catch(() => undefined); // awaited in order below
    return result;
  };
  // At most two slices per worker in flight, taken in order; a group that failed is not read again.
  const failed = new Set<number>();
  const inFlight: Promise<RecordBatch>[] = [];
  let next = 0;
  for (let slice = 0; slice < slices.length; slice++) {
    while (next < slices.length && inFlight.length < context.pool.size * 2) inFlight.push(run(slices[next++]));
    const { group, rowStart, rowEnd } = slices[slice];
    let records: RecordBatch;
    try {
      records = await (inFlight.shift() as Promise<RecordBatch>);
    } catch (error) {
      context.signal?.throwIfAborted();
      if (!failed.has(group.index)) lost(group, reasonOf(error));
      failed.add(group.index);
      continue;
    }
    if (failed.has(group.index)) continue;
    if (records.count !== rowEnd - rowStart) {
      lost(group, `rows ${rowStart + 1}–${rowEnd} gave ${records.count} values`);
      failed.add(group.index);
      continue;
    }
    const rows = Array.from({ length: records.count }, (_, item) => rowStart + item);
    const placement = { sourceId: context.sourceId, firstOrdinal: rowStart, starts: rows, lengths: new Uint32Array(records.count), lines: rows.map((row) => row + 1) };
    const indexRows = context.index.append(records, placement);
    stats.addBatch(records, placement, indexRows, context.index);
  }
  return { hash, decision };
}
