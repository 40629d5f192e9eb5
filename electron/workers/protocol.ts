/**
 * The typed protocol between the engine's worker pool and the worker threads (in the manner of
 * Signal Desktop's MainSQL: a discriminated union of requests, errors as `{name, message, stack}`).
 *
 * To add a kind of task (the pipeline's filters, MinHash, n-gram leakage...):
 * 1. declare its request (with a literal `kind`) and its result, and add a line to {@link TaskMap};
 * 2. write the handler in its own file under electron/workers/ and add a loader line to `LOADERS`
 *    in electron/workers/index.ts, `'your-kind': async () => (await import('./your-file')).handler`
 *    (the type checker refuses a map that misses a kind; the module loads on first use);
 * 3. call it with `pool.run({ kind: 'your-kind', ... })`: the result is typed from the map.
 */
import type { FormatName, ReadContext } from '../../shared/formats/types';
import type { PipelineMeasureRequest, PipelineMeasureResult } from './pipeline-protocol';

/**
 * A batch of JSON records to parse, validate and summarize, in a transferred buffer: either with
 * the byte range of each record (found by the engine), or as a piece of a JSON array cut at element
 * starts that the worker scans itself (`scan`), so that the scanning runs in parallel too.
 */
export interface ParseRecordsRequest {
  kind: 'parse-records';
  /** The bytes (transferred, not copied); the batch is `buffer[0, length)`. */
  buffer: ArrayBuffer;
  length: number;
  /** Record `i` is `buffer[starts[i], ends[i])`, starting on line `lines[i]` of the file. */
  ranges?: { starts: Uint32Array; ends: Uint32Array; lines: Uint32Array };
  /**
   * A piece of a pretty-printed array: its elements start right after each `separator`
   * (`\n<indent>{`); `first` when the piece starts the file, `last` when it ends it; `signature`
   * is what the file's first elements start with (JsonScanner.elementSignature). Lines of its
   * problems are left 0 for the engine to count.
   */
  scan?: { first: boolean; last: boolean; separator: Uint8Array; signature: Uint8Array };
  /** File offset of `buffer[0]`, for the byte offsets of problems. */
  base: number;
  format: FormatName;
  context: ReadContext;
  /** Per record, its key in a keyed container (one JSON object whose values are records): the id of a record that has none. */
  keys?: string[];
  /** Characters of the first user turn kept for the preview. */
  previewChars: number;
  /** Records longer than this are problems, not parsed (docs/ingest.md, "Limits"). */
  maxRecordBytes: number;
  /** The encoding the source was decoded from (`utf-8` when it is UTF-8 on disk), for the messages of bad bytes. */
  encoding?: string;
}

/** Rows `[rowStart, rowEnd)` of a Parquet file, read with hyparquet and handled like JSON records. */
export interface ParquetRowsRequest {
  kind: 'parquet-rows';
  path: string;
  rowStart: number;
  rowEnd: number;
  format: FormatName;
  context: ReadContext;
  previewChars: number;
}

/** Reads a Parquet shard's footer and first rows (parquet-open.ts). */
export interface ParquetOpenRequest {
  kind: 'parquet-open';
  path: string;
  /** The file's size in bytes. */
  size: number;
  /** Rows to read for identifying the format. */
  samples: number;
}

/** One row group of a shard as its footer lists it. */
export interface ParquetGroup {
  index: number;
  /** 0-based number of its first row in the file, and its rows. */
  firstRow: number;
  rows: number;
  /** Byte range of its column chunks. */
  start: number;
  end: number;
  /** Why it cannot be read, or null. */
  problem: string | null;
}

/** A shard's row groups and first rows, or why its footer cannot be read. */
export interface ParquetOpenResult {
  rows: number;
  groups: ParquetGroup[];
  sample: unknown[];
  /** Why the footer cannot be read (no groups then), or what is inconsistent in it; null when it is sound. */
  footerProblem: string | null;
}

/** Health checks and the failure paths of the pool, for tests and diagnostics. */
export interface DiagnoseRequest {
  kind: 'diagnose';
  /** `echo` returns the payload; `throw` fails with a structured error; `crash` ends the thread; `sleep` waits `payload` ms. */
  action: 'echo' | 'throw' | 'crash' | 'sleep';
  payload?: unknown;
}

/** A problem found in a batch, located in the file. */
export interface BatchProblem {
  /** Index of the record in the batch, or -1 for a problem between records. */
  index: number;
  /** 1-based line, or 0 when not counted (pieces: the engine counts it from the offset). */
  line: number;
  offset: number;
  message: string;
}

/**
 * The summaries of a batch, one column per field (cheap to clone across threads).
 * Records whose `valid[i]` is 0 failed (see `problems`) and have no summary.
 */
export interface RecordBatch {
  count: number;
  /** Where each record is: offsets in the buffer, lines as in {@link BatchProblem.line}. */
  starts: Uint32Array;
  ends: Uint32Array;
  lines: Uint32Array;
  valid: Uint8Array;
  ids: (string | null)[];
  /** FNV-1a hash of each id (shared/text/string-hash.ts), 0 where there is none: the engine finds repeats with it. */
  idHashes: Uint32Array;
  tasks: (string | null)[];
  previews: string[];
  turns: Uint32Array;
  chars: Float64Array;
  lossTrue: Uint32Array;
  lossFalse: Uint32Array;
  lossNull: Uint32Array;
  /** NaN where the record carries no reward. */
  rewards: Float64Array;
  /** What inspect counts per record: can it train, what was repaired, its agent structure (shared/schema/record-flags.ts). */
  flags: Uint8Array;
  /** Turns of the batch's valid records by the role name as written (`Turn.from`). */
  roleNames: Record<string, number>;
  problems: BatchProblem[];
  /**
   * Set by a piece that did not split cleanly at its separators (an element that is not JSON
   * there): the engine then reads the whole file again, scanning it itself, so that broken or
   * oddly indented input gets exactly the same records and problems as when pieces are off.
   */
  rescan?: boolean;
}

/** Every kind of task: its request and its result. */
export interface TaskMap {
  'parse-records': { request: ParseRecordsRequest; result: RecordBatch };
  'parquet-rows': { request: ParquetRowsRequest; result: RecordBatch };
  'parquet-open': { request: ParquetOpenRequest; result: ParquetOpenResult };
  diagnose: { request: DiagnoseRequest; result: unknown };
  'pipeline-measure': { request: PipelineMeasureRequest; result: PipelineMeasureResult };
}

/** A task kind. */
export type TaskKind = keyof TaskMap;

/** Any request. */
export type WorkerTask = TaskMap[TaskKind]['request'];

/** An error as it crosses the thread boundary. */
export interface SerializedError {
  name: string;
  message: string;
  stack?: string;
}

/** What the worker entry answers: a value, or the error the handler threw. */
export type WorkerReply = { ok: true; value: unknown } | { ok: false; error: SerializedError };

/** Turns anything thrown into a {@link SerializedError}. */
export function serializeError(error: unknown): SerializedError {
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack };
  return { name: 'Error', message: String(error) };
}
