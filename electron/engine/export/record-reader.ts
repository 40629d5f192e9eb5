/**
 * Reads the records of an export from disk, in the export's order, in windows: the next few hundred
 * keys are located in the record index, sorted by file and offset, and read with one read per run of
 * nearby records (Parquet: one row range), while the writer is still busy with the window before.
 * So a shuffled export of a large shard costs a few large reads per window rather than an open, a
 * read and a close per record (what `engine.readRecord` does for one record in the viewer).
 *
 * Records a reviewer edited come from the review file, read in the source's format, as the pipeline
 * re-checked them (docs/recipe.md, "Review files": edited records are exported as edited).
 */
import { read } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { getFormat } from '../../../shared/formats/index';
import type { FormatName } from '../../../shared/formats/types';
import type { Conversation } from '../../../shared/schema/conversation';
import { openParquet, readParquetValues, type ParquetFile } from '../../workers/parquet-file';
import { parseJsonBytes } from '../sources/json-bytes';
import type { PipelineResult, PipelineSource } from '../pipeline/pipeline-result';
import type { RecordIndex } from '../record-index';
import { recordsPath, type SourceInfo } from '../types';

/** What the reader needs of the engine: the record index and the open sources. */
export interface RecordHost {
  readonly index: RecordIndex;
  rowOfKey(key: string): number;
  listSources(): SourceInfo[];
}

/** Reads records by key, fastest when asked in the order it was given. */
export interface ExportReader {
  /** The record of a key as the export writes it (a reviewer's edit applied). */
  read(key: string): Promise<Conversation>;
  /** The format the record of a key is read in (its source's; an edit is in that format too). */
  formatOf(key: string): string | undefined;
  /** Closes the files it opened (waits for reads in flight). */
  close(): Promise<void>;
}

/** Sizes of a window: enough to amortize reads, small next to the index. */
export interface ReaderOptions {
  /** Records per window (default 500). */
  windowRecords?: number;
  /** Bytes of record text per window (default 2 MiB). */
  windowBytes?: number;
}

/** Records closer than this in a file are read with one read (the bytes between are read and dropped). */
const GAP_BYTES = 64 << 10;
/** One read covers at most this many bytes (beyond one large record). */
const SPAN_BYTES = 16 << 20;
/** Parquet rows closer than this are read as one row range. */
const GAP_ROWS = 32;

/** Where a record is, and how to read it. */
export interface Location {
  key: string;
  source: SourceInfo;
  format: FormatName;
  task: string | null;
  /** The indexed id: the key of a record in a keyed container, which the value itself does not hold. */
  id: string | null;
  /** Byte offset (Parquet: row) and length. */
  start: number;
  length: number;
}

/** What a key resolves to: a location on disk, or the reviewer's edited record. */
type Resolved = { location: Location } | { conversation: Conversation };

/** One window of the order: positions `[from, to)` and their records once read. */
interface Window {
  from: number;
  to: number;
  records: Promise<Map<string, Conversation>>;
}

/** One read(2) through the callback API: for many small reads it costs far less than `FileHandle.read`. */
function readAt(fd: number, bytes: Buffer, offset: number, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, bytes, offset, length, position, (error, bytesRead) => (error ? reject(error) : resolve(bytesRead))));
}

/** Reads `length` bytes at `position` (a read may return fewer bytes than asked). */
async function readBytes(handle: FileHandle, position: number, length: number): Promise<Buffer> {
  const bytes = Buffer.alloc(length);
  for (let done = 0; done < length; ) {
    const bytesRead = await readAt(handle.fd, bytes, done, length - done, position + done);
    if (bytesRead === 0) throw new Error(`the file ends before byte ${position + length}`);
    done += bytesRead;
  }
  return bytes;
}

/** Groups sorted items into runs whose neighbours are at most `gap` apart and whose extent stays under `limit`. */
export function runsOf(sorted: readonly Location[], gap: number, limit: number): Location[][] {
  const runs: Location[][] = [];
  let run: Location[] = [];
  let runStart = 0;
  let runEnd = 0;
  for (const location of sorted) {
    const end = location.start + location.length;
    if (run.length > 0 && location.start - runEnd <= gap && Math.max(runEnd, end) - runStart <= limit) {
      run.push(location);
      runEnd = Math.max(runEnd, end);
      continue;
    }
    if (run.length > 0) runs.push(run);
    run = [location];
    runStart = location.start;
    runEnd = end;
  }
  if (run.length > 0) runs.push(run);
  return runs;
}

/** The end of a run's span: the furthest end of its records (they may overlap or nest). */
export function runEnd(run: readonly Location[]): number {
  let end = 0;
  for (const location of run) end = Math.max(end, location.start + location.length);
  return end;
}

/**
 * A reader over the records of `result` (the engine's last pipeline run), tuned for `order`, the keys
 * in the order the writer will ask for them (a key may repeat: up-sampled copies).
 */
export function createExportReader(host: RecordHost, result: PipelineResult, order: readonly string[], options: ReaderOptions = {}): ExportReader {
  // Measured on the 100k bench corpus: windows of a few hundred records beat windows of thousands
  // (fewer reads in flight at once), and reads stay asynchronous so the Electron main process never blocks.
  const windowRecords = options.windowRecords ?? 500;
  const windowBytes = options.windowBytes ?? 2 << 20;
  const sources = new Map(host.listSources().map((info) => [info.id, info]));
  const handles = new Map<string, Promise<FileHandle>>();
  const checked = new Map<string, Promise<void>>();
  let cursor = 0;
  let current: Window | null = null;
  let next: Window | null = null;

  /** The index row of the first record of each source of the run, found once (rows of a source are contiguous). */
  const firstRows = new Map<PipelineSource, number>();

  /**
   * The index row of a run record: by position within its source (the pipeline numbered them in row
   * order), checked against the id and source; by key lookup when sources were closed or reopened since.
   */
  function rowOf(key: string, record: number, source: PipelineSource): number {
    let first = firstRows.get(source);
    if (first === undefined) {
      first = host.rowOfKey(result.measured.keys[source.from]);
      firstRows.set(source, first);
    }
    const row = first + (record - source.from);
    if (first >= 0 && row < host.index.count && host.index.sourceOf(row) === source.info.id && host.index.idOf(row) === result.measured.ids[record]) return row;
    return host.rowOfKey(key);
  }

  function resolveKey(key: string): Resolved {
    const record = result.recordOfKey(key);
    if (record < 0) throw new Error(`${key} is not a record of the last pipeline run`);
    const source = result.sourceOf(record);
    const format = source.info.format ?? 'sharegpt';
    const task = result.loaded.recipe.sources[source.recipeSource]?.task ?? null;
    const edited = result.measured.rechecks.has(record) ? result.measured.review.get(record)?.edited : undefined;
    if (edited !== undefined) {
      // The pipeline read this edit the same way before re-checking it, so it reads.
      const read = getFormat(format).read(edited, { task: result.measured.tasks[record], source: source.info.path, key: result.measured.ids[record] });
      if (!read.ok) throw new Error(`the edited record of ${key} does not read as ${format}: ${read.message}`);
      return { conversation: read.conversation };
    }
    const row = rowOf(key, record, source);
    if (row < 0) throw new Error(`the source of ${key} (${source.info.path}) is no longer open; run the pipeline again`);
    const info = sources.get(host.index.sourceOf(row)) ?? source.info;
    const entry = host.index.row(row);
    return { location: { key, source: info, format, task, id: entry.id, start: entry.start, length: entry.length } };
  }

  /** Checks once per file that it still has the size it had when indexed (a cheap guard against an edit since). */
  function checkUnchanged(info: SourceInfo): Promise<void> {
    let done = checked.get(info.path);
    if (done === undefined) {
      done = stat(info.path).then((stats) => {
        if (stats.size !== info.bytes) throw new Error(`${info.path} changed since the pipeline read it (${info.bytes} bytes then, ${stats.size} now); run the pipeline again`);
      });
      checked.set(info.path, done);
    }
    return done;
  }

  function toConversation(location: Location, value: unknown): Conversation {
    const read = getFormat(location.format).read(value, { task: location.task, source: location.source.path, key: location.id, mapping: location.source.mapping ?? null });
    if (!read.ok) {
      throw new Error(`record ${location.key} of ${location.source.path} no longer reads as ${location.format}: ${read.message} (did the file change since the pipeline read it?)`);
    }
    return read.conversation;
  }

  async function readJsonRun(run: readonly Location[], into: Map<string, Conversation>): Promise<void> {
    const path = recordsPath(run[0].source);
    let handle = handles.get(path);
    if (handle === undefined) {
      handle = open(path, 'r');
      handles.set(path, handle);
    }
    const start = run[0].start;
    const end = runEnd(run);
    const bytes = await readBytes(await handle, start, end - start);
    for (const location of run) {
      let value: unknown;
      try {
        // A record alone in its read may be decoded in its own bytes (docs/scale.md, "One huge record").
        value = parseJsonBytes(bytes, location.start - start, location.start - start + location.length, { consume: run.length === 1 });
      } catch (error) {
        throw new Error(`record ${location.key} of ${path} at byte ${location.start} is no longer JSON (${error instanceof Error ? error.message : String(error)}); did the file change since the pipeline read it?`);
      }
      into.set(location.key, toConversation(location, value));
    }
  }

  async function readParquetRun(run: readonly Location[], parquets: Map<string, Promise<ParquetFile>>, into: Map<string, Conversation>): Promise<void> {
    const path = recordsPath(run[0].source);
    let parquet = parquets.get(path);
    if (parquet === undefined) {
      parquet = openParquet(path);
      parquets.set(path, parquet);
    }
    const first = run[0].start;
    let values: unknown[];
    try {
      values = await readParquetValues(await parquet, first, run[run.length - 1].start + 1);
    } catch {
      // The run spans a row group the reader could not read (it left those rows out): read the rows one by one.
      for (const location of run) into.set(location.key, toConversation(location, (await readParquetValues(await parquet, location.start, location.start + 1))[0]));
      return;
    }
    for (const location of run) into.set(location.key, toConversation(location, values[location.start - first]));
  }

  /** Reads the records of some distinct keys, grouped by file and sorted by offset. */
  async function readKeys(keys: ReadonlyMap<string, Resolved>): Promise<Map<string, Conversation>> {
    const records = new Map<string, Conversation>();
    // Parquet files are opened per window: hyparquet's cached buffer keeps every slice it read.
    const parquets = new Map<string, Promise<ParquetFile>>();
    const byFile = new Map<string, Location[]>();
    for (const [key, resolved] of keys) {
      if ('conversation' in resolved) {
        records.set(key, resolved.conversation);
        continue;
      }
      const list = byFile.get(resolved.location.source.path);
      if (list === undefined) byFile.set(resolved.location.source.path, [resolved.location]);
      else list.push(resolved.location);
    }
    const reads: Promise<void>[] = [];
    for (const locations of byFile.values()) {
      const info = locations[0].source;
      await checkUnchanged(info);
      locations.sort((first, second) => first.start - second.start);
      const parquet = info.container === 'parquet';
      for (const run of runsOf(locations, parquet ? GAP_ROWS : GAP_BYTES, parquet ? Number.POSITIVE_INFINITY : SPAN_BYTES)) {
        reads.push(parquet ? readParquetRun(run, parquets, records) : readJsonRun(run, records));
      }
    }
    await Promise.all(reads);
    return records;
  }

  /** Starts reading the window that begins at position `from`. */
  function startWindow(from: number): Window {
    const keys = new Map<string, Resolved>();
    let bytes = 0;
    let to = from;
    let records: Promise<Map<string, Conversation>>;
    try {
      while (to < order.length && keys.size < windowRecords && (to === from || bytes < windowBytes)) {
        const key = order[to++];
        if (keys.has(key)) continue;
        const resolved = resolveKey(key);
        keys.set(key, resolved);
        if ('location' in resolved) bytes += resolved.location.length;
      }
      records = readKeys(keys);
    } catch (error) {
      records = Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
    // Awaited when the writer reaches the window; until then a failure must not count as unhandled.
    records.catch(() => undefined);
    return { from, to, records };
  }

  return {
    formatOf(key) {
      const record = result.recordOfKey(key);
      return record < 0 ? undefined : (result.sourceOf(record).info.format ?? undefined);
    },
    async read(key) {
      if (order[cursor] !== key) {
        // Off the planned order (a caller reading on its own): one record, no read-ahead.
        const single = (await readKeys(new Map([[key, resolveKey(key)]]))).get(key);
        if (single === undefined) throw new Error(`no record was read for ${key}`);
        return single;
      }
      if (current === null || cursor >= current.to) {
        current = next !== null && next.from === cursor ? next : startWindow(cursor);
        next = current.to < order.length ? startWindow(current.to) : null;
      }
      const record = (await current.records).get(key);
      cursor++;
      if (record === undefined) throw new Error(`no record was read for ${key}`);
      return record;
    },
    async close() {
      await Promise.allSettled([current?.records, next?.records]);
      const files = await Promise.allSettled([...handles.values()]);
      await Promise.all(files.map((file) => (file.status === 'fulfilled' ? file.value.close() : undefined)));
      handles.clear();
    },
  };
}
