/**
 * Reads a Parquet shard (a Hugging Face dataset file): the footer here, the first rows here to
 * identify the format, then each row group (in slices of at most {@link ROWS_PER_TASK} rows) in a
 * worker. The content hash is a streamed sha256 of the file, as for JSON.
 */
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { openParquet, readParquetValues } from '../../workers/parquet-file';
import type { RecordBatch } from '../../workers/protocol';
import { decideFormat, IDENTIFY_SAMPLES, type FormatDecision } from './format-decision';
import type { BatchFlowContext } from './batch-flow';

/** Rows per worker task: a few MB of conversations. */
export const ROWS_PER_TASK = 2000;

/** What reading a Parquet source needs. */
export interface ParquetReadContext extends BatchFlowContext {
  path: string;
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

/** Reads a Parquet source into the index. */
export async function readParquetSource(context: ParquetReadContext): Promise<{ hash: string; decision: FormatDecision }> {
  const { path, stats } = context;
  const hash = await hashFile(path, context.signal, context.onBytes);
  const parquet = await openParquet(path);
  const rowCount = Number(parquet.metadata.num_rows);
  const decision = decideFormat(await readParquetValues(parquet, 0, Math.min(IDENTIFY_SAMPLES, rowCount)), context.options);
  if (decision.format === null) {
    stats.elements = rowCount;
    return { hash, decision };
  }
  const slices: [number, number][] = [];
  let groupStart = 0;
  for (const group of parquet.metadata.row_groups) {
    const groupEnd = groupStart + Number(group.num_rows);
    for (let start = groupStart; start < groupEnd; start += ROWS_PER_TASK) slices.push([start, Math.min(groupEnd, start + ROWS_PER_TASK)]);
    groupStart = groupEnd;
  }
  const format = decision.format;
  const run = ([rowStart, rowEnd]: [number, number]): Promise<RecordBatch> => {
    const result = context.pool.run({ kind: 'parquet-rows', path, rowStart, rowEnd, format, context: { task: context.options.task ?? null }, previewChars: context.previewChars }, { signal: context.signal });
    result.catch(() => undefined); // awaited in order below
    return result;
  };
  // At most two slices per worker in flight, taken in order.
  const inFlight: Promise<RecordBatch>[] = [];
  let next = 0;
  for (let slice = 0; slice < slices.length; slice++) {
    while (next < slices.length && inFlight.length < context.pool.size * 2) inFlight.push(run(slices[next++]));
    const records = await (inFlight.shift() as Promise<RecordBatch>);
    const [rowStart] = slices[slice];
    const rows = Array.from({ length: records.count }, (_, item) => rowStart + item);
    const placement = { sourceId: context.sourceId, firstOrdinal: rowStart, starts: rows, lengths: new Uint32Array(records.count), lines: rows.map((row) => row + 1) };
    const indexRows = context.index.append(records, placement);
    stats.addBatch(records, placement, indexRows, context.index);
  }
  return { hash, decision };
}
