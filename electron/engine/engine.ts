/**
 * The engine facade: the desktop shell, the CLI and `agentmix serve` all drive the same engine
 * through this class. It owns the worker pool, the open sources and the record index, and reads
 * full records from disk by key. It never imports `electron`.
 */
import { mkdtemp, open, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { getFormat } from '../../shared/formats/index';
import { hashString } from '../../shared/text/string-hash';
import type { ExportRequest } from './export/export-request';
import { previewExport, runExport, type ExportEvents, type ExportPreview, type ExportRun } from './export/run-export';
import type { IdTable } from './id-table';
import { openParquet, readParquetValues } from '../workers/parquet-file';
import type { FilterName } from '../../shared/filters/index';
import { loadRecipe, type LoadedRecipe } from './pipeline/load-recipe';
import { measureLater } from './pipeline/measure-plan';
import type { PipelineResult, VerdictLine } from './pipeline/pipeline-result';
import type { ShardSlice } from './pipeline/partial-run';
import { runPipeline, type PipelineEvents, type PipelineHost } from './pipeline/run-pipeline';
import { mergePartials, runShard, type ShardRun } from './pipeline/shard-run';
import { RecordIndex } from './record-index';
import { DEFAULT_CHUNK_BYTES } from './sources/read-json-source';
import { expandPath } from './sources/expand-paths';
import { openSource, unreadableEntry } from './sources/open-source';
import { recordsPath, type LoadedRecord, type OpenEvents, type SourceInfo, type SourceOptions } from './types';
import { WorkerPool } from './worker-pool';

/** Options of {@link Engine}. */
export interface EngineOptions {
  /** Worker threads (default: the machine's parallelism). */
  workers?: number;
  /** The worker entry (default: the compiled worker when running compiled, else the tsx bootstrap; worker-pool.ts). */
  workerUrl?: URL;
  /** Bytes per read chunk and worker batch (default 4 MiB). */
  chunkBytes?: number;
  /** Characters of the first user turn kept in the index (default 160). */
  previewChars?: number;
  /** Let workers scan pieces of pretty-printed arrays (default true; false scans on this thread). */
  scanInWorkers?: boolean;
  /** Records longer than this many bytes are problems, not read (default {@link MAX_RECORD_BYTES}). */
  maxRecordBytes?: number;
  /** Where decoded copies of gzip and UTF-16/32 sources go (default: a new folder in the system's temporary folder). */
  cacheFolder?: string;
}

/** The default limit on one record: 256 MiB (docs/ingest.md, "Limits"). */
export const MAX_RECORD_BYTES = 256 << 20;

/** An open source with what key lookups need. */
interface OpenSource {
  info: SourceInfo;
  ids: IdTable;
  /** Row of the source's first record in the index (its rows are contiguous). */
  firstRow: number;
  options: SourceOptions;
}

/** The engine: see the module comment. */
export class Engine {
  /** All records of all open sources, by row number. */
  readonly index = new RecordIndex();
  private pool: WorkerPool | null = null;
  private readonly sources: OpenSource[] = [];
  private nextSourceId = 1;
  /** Serializes openSources calls, so that each source's rows stay contiguous. */
  private queue: Promise<unknown> = Promise.resolve();
  /** The folder of decoded copies, made on first use and removed by {@link dispose}. */
  private cache: Promise<string> | null = null;

  constructor(private readonly options: EngineOptions = {}) {}

  /**
   * Opens files and folders of shards (each file its own source) and indexes their records.
   * Problems are reported in each {@link SourceInfo}: of records, and of whole files (a file that
   * cannot be opened or decoded, a damaged Parquet footer, a folder with no shard or a link loop
   * are sources with container `unreadable` or a `readFailure`), so one bad file never stops the
   * others. Only a path that does not exist, or is not a file or a folder, rejects with a
   * SourceOpenError, before any file is read. On abort, nothing is kept.
   */
  openSources(paths: string[], options: SourceOptions = {}, events: OpenEvents = {}): Promise<SourceInfo[]> {
    const run = this.queue.then(() => this.openNow(paths, options, events));
    this.queue = run.catch(() => undefined);
    return run;
  }

  private async openNow(paths: string[], options: SourceOptions, events: OpenEvents): Promise<SourceInfo[]> {
    const entries = (await Promise.all(paths.map((path) => expandPath(path)))).flat();
    const sizes = await Promise.all(entries.map(async (entry) => (entry.unreadable === undefined ? ((await stat(entry.path).catch(() => null))?.size ?? 0) : 0)));
    const total = sizes.reduce((sum, size) => sum + size, 0);
    let before = 0;
    const opened: SourceInfo[] = [];
    for (let item = 0; item < entries.length; item++) {
      const sourceId = this.nextSourceId++;
      const firstRow = this.index.count;
      const entry = entries[item];
      const entryOptions = entry.options === undefined ? options : { ...options, ...entry.options };
      try {
        const indexed = entry.unreadable !== undefined
          ? unreadableEntry(sourceId, entry.path, entry.unreadable, entryOptions)
          : await openSource({
              sourceId,
              path: entry.path,
              options: entryOptions,
              pool: this.workers(),
              index: this.index,
              chunkBytes: this.options.chunkBytes ?? DEFAULT_CHUNK_BYTES,
              previewChars: this.options.previewChars ?? 160,
              maxRecordBytes: this.options.maxRecordBytes ?? MAX_RECORD_BYTES,
              cacheFolder: () => this.cacheFolder(),
              pieces: this.options.scanInWorkers ?? true,
              signal: events.signal,
              onBytes: (bytes) => events.onProgress?.({ stage: 'index', done: before + bytes, total, unit: 'bytes' }),
            });
        this.sources.push({ info: indexed.info, ids: indexed.ids, firstRow, options: entryOptions });
        opened.push(indexed.info);
      } catch (error) {
        this.index.removeSource(sourceId);
        if (events.signal?.aborted) throw error;
        // One bad file is one problem: a failure no reader foresaw (a worker that died on the file,
        // say) costs that file, and the others are read.
        const reason = `reading the file failed: ${error instanceof Error ? error.message : String(error)}`;
        const indexed = unreadableEntry(sourceId, entry.path, reason, entryOptions);
        this.sources.push({ info: indexed.info, ids: indexed.ids, firstRow: this.index.count, options: entryOptions });
        opened.push(indexed.info);
      }
      before += sizes[item];
      events.onProgress?.({ stage: 'index', done: before, total, unit: 'bytes' });
    }
    this.index.trim();
    return opened;
  }

  /**
   * Rows of the sources that are open: the index also holds the rows of a source still being
   * indexed (at its end), which belong to no open source until it finishes.
   */
  openRows(): number {
    return this.sources.reduce((sum, source) => sum + source.info.records, 0);
  }

  /** The folder of decoded copies (made on first use). */
  private cacheFolder(): Promise<string> {
    this.cache ??= this.options.cacheFolder !== undefined ? Promise.resolve(this.options.cacheFolder) : mkdtemp(join(tmpdir(), 'agentmix-decoded-'));
    return this.cache;
  }

  /** The open sources, in the order they were opened. */
  listSources(): SourceInfo[] {
    return this.sources.map((source) => source.info);
  }

  /** Closes a source: its records leave the index. Unknown ids are ignored. */
  closeSource(sourceId: number): void {
    const position = this.sources.findIndex((source) => source.info.id === sourceId);
    if (position < 0) return;
    const [closed] = this.sources.splice(position, 1);
    this.index.removeSource(sourceId);
    if (closed.info.dataPath !== undefined) void rm(closed.info.dataPath, { force: true });
    for (let later = position; later < this.sources.length; later++) this.sources[later].firstRow -= closed.info.records;
  }

  /**
   * The key of row `row`: `<hash prefix>:<id>`, or `<hash prefix>:#<ordinal>` when the record has
   * no id, its id repeats in the source, or its id itself starts with '#'.
   */
  keyOf(row: number): string {
    // The index says when a key names the ordinal (no id, a repeated one, or one starting with '#').
    const rest = this.index.keyedByOrdinal(row) ? `#${this.index.ordinalOf(row)}` : this.index.idOf(row);
    return `${this.sourceOfRow(row).info.keyPrefix}:${rest}`;
  }

  /** The row of a record key, or -1 when no open source has it. */
  rowOfKey(key: string): number {
    const colon = key.indexOf(':');
    if (colon < 0) return -1;
    const prefix = key.slice(0, colon);
    const rest = key.slice(colon + 1);
    for (const source of this.sources) {
      if (source.info.keyPrefix !== prefix) continue;
      let row = -1;
      if (rest.startsWith('#')) {
        const ordinal = Number(rest.slice(1));
        if (Number.isInteger(ordinal)) row = this.findOrdinal(source, ordinal);
      } else {
        const position = source.ids.find(hashString(rest), (candidate) => this.index.idOf(source.firstRow + candidate) === rest);
        if (position >= 0) row = source.firstRow + position;
      }
      if (row >= 0 && this.keyOf(row) === key) return row;
    }
    return -1;
  }

  /** Reads a record in full from disk by its key. */
  async readRecord(key: string): Promise<LoadedRecord> {
    const row = this.rowOfKey(key);
    if (row < 0) throw new Error(`no open source has the record ${key}`);
    const source = this.sourceOfRow(row);
    const entry = this.index.row(row);
    let text: string;
    let value: unknown;
    if (source.info.container === 'parquet') {
      [value] = await readParquetValues(await openParquet(recordsPath(source.info)), entry.start, entry.start + 1);
      text = JSON.stringify(value);
    } else {
      const handle = await open(recordsPath(source.info), 'r');
      try {
        const bytes = Buffer.alloc(entry.length);
        await handle.read(bytes, 0, entry.length, entry.start);
        text = bytes.toString('utf8');
      } finally {
        await handle.close();
      }
      value = JSON.parse(text);
    }
    const format = getFormat(source.info.format ?? 'sharegpt');
    // The indexed id is the key of a record in a keyed container, which the value itself does not hold.
    const result = format.read(value, { task: source.options.task ?? null, source: source.info.path, key: entry.id, mapping: source.options.mapping ?? null });
    if (!result.ok) throw new Error(`record ${key} no longer reads as ${format.name}: ${result.message} (did the file change?)`);
    return { key, sourceId: source.info.id, ordinal: entry.ordinal, text, value, conversation: result.conversation };
  }

  /** The result of the last pipeline run, or null (see docs/recipe.md, "The pipeline"). */
  pipeline: PipelineResult | null = null;

  /**
   * Reads and validates a recipe file and checks the paths it names; rejects with a RecipeError
   * (electron/engine/pipeline/load-recipe.ts) naming the file and each bad field.
   */
  openRecipe(path: string): Promise<LoadedRecipe> {
    return loadRecipe(path);
  }

  /**
   * Runs a recipe as a job on the worker pool (opening its sources when they are not open yet) and
   * keeps the result as {@link pipeline}. Progress events name the stage; the signal cancels it.
   */
  async runPipeline(recipe: LoadedRecipe, events: PipelineEvents = {}): Promise<PipelineResult> {
    const result = await runPipeline(this.pipelineHost(), recipe, events);
    this.pipeline = result;
    return result;
  }

  /** Measures one slice of a recipe's records and writes its partial into `folder` (docs/scale.md, "Shards"). */
  runShard(recipe: LoadedRecipe, slice: ShardSlice, folder: string, events: PipelineEvents = {}): Promise<ShardRun> {
    return runShard(this.pipelineHost(), recipe, slice, folder, events);
  }

  /** The merge half of a sharded run from its partials, kept as {@link pipeline} like a run's result (docs/scale.md, "Shards"). */
  async mergePartials(recipe: LoadedRecipe, paths: readonly string[], events: PipelineEvents = {}): Promise<PipelineResult> {
    const result = await mergePartials(this.pipelineHost(), recipe, paths, events);
    this.pipeline = result;
    return result;
  }

  private pipelineHost(): PipelineHost {
    return { index: this.index, workers: () => this.workers(), openSources: (paths, options, openEvents) => this.openSources(paths, options, openEvents), listSources: () => this.listSources(), keyOf: (row) => this.keyOf(row) };
  }

  /** The last run's verdict of a record (by key, or by row of the index), or null when the run did not judge it. */
  verdictOf(record: string | number): VerdictLine | null {
    const key = typeof record === 'number' ? this.keyOf(record) : record;
    const position = this.pipeline?.recordOfKey(key) ?? -1;
    return position < 0 || this.pipeline === null ? null : this.pipeline.verdict(position);
  }

  /**
   * Measures, over every record of the last run, the filters of `filters` it did not measure (a
   * filter switched on after the run; the length filter's tokens for an export), and adds their
   * scores to {@link pipeline}; resolves to the filters measured (docs/scale.md, "Pay only for what is on").
   */
  measureFilters(filters: readonly FilterName[], events: PipelineEvents = {}): Promise<FilterName[]> {
    return measureLater(this.workers(), this.lastRun(), filters, events);
  }

  /**
   * What exporting the last run would write (counts per source and task, achieved η, the sampler's
   * notes), without writing; `request` overrides the recipe's `export` and `mix` fields (docs/recipe.md, "Export").
   */
  previewExport(request: ExportRequest = {}): ExportPreview {
    return previewExport(this.lastRun(), request);
  }

  /**
   * Writes the last run's export as a job (progress, cancel); resolves with the manifest and the
   * files written. The mix weighs records by the length filter's tokens: a run that did not measure
   * them (the filter was off and the run was not told it would export) measures them first.
   */
  async exportMix(request: ExportRequest = {}, events: ExportEvents = {}): Promise<ExportRun> {
    await this.measureFilters(['length'], events);
    return runExport(this, this.lastRun(), request, events);
  }

  private lastRun(): PipelineResult {
    if (this.pipeline === null) throw new Error('there is no pipeline result: run the pipeline first');
    return this.pipeline;
  }

  /** Bytes the index and the id tables of the open sources hold (see RecordIndex.memoryBytes). */
  memoryBytes(): { total: number; previewBytes: number } {
    const index = this.index.memoryBytes();
    return { total: index.total + this.sources.reduce((sum, source) => sum + source.ids.bytes, 0), previewBytes: index.previewBytes };
  }

  /**
   * Stops the worker threads and removes the decoded copies of gzip and UTF-16/32 sources. The
   * engine can still list what it indexed (and read records of the other sources).
   */
  async dispose(): Promise<void> {
    const pool = this.pool;
    this.pool = null;
    await pool?.destroy();
    const cache = this.cache;
    this.cache = null;
    // A folder given in the options belongs to the caller: only the copies in it are removed.
    if (cache !== null && this.options.cacheFolder === undefined) await rm(await cache, { recursive: true, force: true });
    else for (const source of this.sources) if (source.info.dataPath !== undefined) await rm(source.info.dataPath, { force: true });
  }

  private workers(): WorkerPool {
    this.pool ??= new WorkerPool({ workers: this.options.workers, workerUrl: this.options.workerUrl });
    return this.pool;
  }

  private sourceOfRow(row: number): OpenSource {
    const sourceId = this.index.sourceOf(row);
    const source = this.sources.find((candidate) => candidate.info.id === sourceId);
    if (source === undefined) throw new RangeError(`row ${row} belongs to no open source`);
    return source;
  }

  /** Binary search for `ordinal` among the source's rows (ordinals increase along them). */
  private findOrdinal(source: OpenSource, ordinal: number): number {
    let low = source.firstRow;
    let high = source.firstRow + source.info.records;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (this.index.ordinalOf(middle) < ordinal) low = middle + 1;
      else high = middle;
    }
    return low < source.firstRow + source.info.records && this.index.ordinalOf(low) === ordinal ? low : -1;
  }
}
