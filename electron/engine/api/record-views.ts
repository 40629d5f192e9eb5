import type { z } from 'zod';
import type { recordRowSchema } from '../../../shared/api/records';
import type { PipelineResult } from '../pipeline/pipeline-result';
import type { EnginePort, PortRow } from './engine-port';
import { computeColumnView, type IndexColumns } from './column-view';
import { computeView, REVIEW_ORDER, searchText, type ViewFields, type ViewQuery } from './record-view';
import type { ReviewMirror } from './review-mirror';
import { RunColumns } from './run-columns';
import { recordsOfRows } from './run-rows';
import type { VerdictSource } from './verdict-source';

/** A grid row as the contract sends it. */
export type RecordRow = z.output<typeof recordRowSchema>;

/** Previews are cut to this many characters: enough for a grid cell and the quick search. */
const PREVIEW_CHARS = 300;

/** How many computed views to keep (the grid asks for the same view page after page). */
const CACHED_VIEWS = 8;

/** Row numbers all cached views may hold together: 128 MiB of Uint32 (three views of 10M rows). */
const CACHED_VIEW_ROWS = 32 * 1024 * 1024;

/**
 * Up to this many records the quick search keeps each row's lower-cased text between searches
 * (about 130 bytes a record); past it the text is built again for each search, so that a 10M-record
 * index does not hold a second copy of its previews (docs/scale.md, "The review desk at 10M records").
 */
export const SEARCH_CACHE_ROWS = 1_000_000;

/**
 * Pages of records for the grid. A view (sort + filters + search) is computed once over the whole
 * index into an array of row numbers and cached until the index, the review mirror or the
 * verdicts change; a page is then a slice of it, so scrolling through 100k rows costs only the rows shown.
 * The plain view (no sort, filter or search) is the index order itself and is never computed: the
 * first page of a 10M-record shard costs the same as that of a small one (docs/scale.md, "The
 * review desk at 10M records").
 */
export class RecordViews {
  private indexVersion = 0;
  private readonly cache = new Map<string, { version: string; rows: Uint32Array }>();
  private sourceNames = new Map<number, string>();
  private search: string[] | null = null;
  /** The last run's record of each row, for the run it was built from and the index version it was built at. */
  private runRows: { result: PipelineResult; indexVersion: number; records: Int32Array } | null = null;

  /** Creates the views over an engine (with the pipeline's verdicts) and the review mirror. */
  constructor(
    private readonly engine: EnginePort,
    private readonly review: ReviewMirror,
    private readonly searchCacheRows = SEARCH_CACHE_ROWS,
  ) {}

  /** The verdict columns' source: the engine's last pipeline run, read live. */
  private get verdicts(): VerdictSource {
    return this.engine.verdicts;
  }

  /** Call after sources open or close. */
  invalidate(): void {
    this.indexVersion++;
    this.cache.clear();
    this.search = null;
    this.sourceNames = new Map(this.engine.listSources().map((source) => [source.sourceId, baseName(source.path)]));
  }

  /** The ordered row numbers of a view; null for the plain view, which is the index order. */
  resolve(query: ViewQuery): Uint32Array | null {
    if (isPlainView(query)) return null;
    const usesReview = query.sort.some((sort) => sort.column === 'review') || query.filters.some((filter) => filter.kind === 'review');
    const usesVerdicts = usesRunColumns(query);
    const version = `${this.indexVersion}:${usesReview ? this.review.version : '-'}:${usesVerdicts ? this.verdicts.version : '-'}`;
    const cacheKey = JSON.stringify(query);
    const cached = this.cache.get(cacheKey);
    if (cached && cached.version === version) return cached.rows;
    const rows = this.compute(query);
    this.cache.delete(cacheKey);
    this.cache.set(cacheKey, { version, rows });
    let held = 0;
    for (const entry of this.cache.values()) held += entry.rows.length;
    for (const [oldest, entry] of this.cache) {
      if (this.cache.size <= CACHED_VIEWS && held <= CACHED_VIEW_ROWS) break;
      if (oldest === cacheKey) break;
      this.cache.delete(oldest);
      held -= entry.rows.length;
    }
    return rows;
  }

  /**
   * Computes a view: column by column over the engine's index when it has one (column-view.ts),
   * else from each row's summary.
   */
  private compute(query: ViewQuery): Uint32Array {
    const columns = this.engine.columns?.();
    if (columns === undefined) return computeView(this.engine.rowCount(), (row) => this.fields(this.engine.row(row)), query, (row) => this.searchTextOf(row));
    return computeColumnView(
      {
        rowCount: this.engine.rowCount(),
        index: columns.index,
        sourceName: (sourceId) => this.sourceName(sourceId),
        keyPrefix: columns.keyPrefix,
        reviewCodes: () => this.reviewCodes(),
        ...(this.engine.lastRun !== undefined && usesRunColumns(query) ? { run: this.runColumns(this.engine.lastRun(), columns.index) } : {}),
        fields: (row) => this.fields(this.engine.row(row)),
      },
      query,
    );
  }

  /**
   * The last run's columns by row, through the run's record of each row: built once per run and
   * index version (a re-judge keeps the records; opening or closing a source moves the rows).
   */
  private runColumns(result: PipelineResult | null, index: IndexColumns): RunColumns {
    if (result === null) return new RunColumns(null, new Int32Array(0));
    const rowCount = this.engine.rowCount();
    if (this.runRows?.result !== result || this.runRows.indexVersion !== this.indexVersion || this.runRows.records.length !== rowCount) {
      const sources = this.engine.listSources().map((source) => ({ sourceId: source.sourceId, keyPrefix: source.keyPrefix, records: source.records }));
      this.runRows = { result, indexVersion: this.indexVersion, records: recordsOfRows(rowCount, index, sources, { count: result.count, sources: result.measured.sources, recordOfKey: (key) => result.recordOfKey(key) }) };
    }
    return new RunColumns(result, this.runRows.records);
  }

  /** Each row's review status as its REVIEW_ORDER code, from the decisions (few) rather than from every row's key. */
  private reviewCodes(): Uint8Array {
    const codes = new Uint8Array(this.engine.rowCount());
    for (const [key, status] of this.review.decisions()) {
      const row = this.engine.rowOfKey(key);
      if (row >= 0) codes[row] = REVIEW_ORDER[status];
    }
    return codes;
  }

  /** One page of a view, as grid rows. */
  page(query: ViewQuery, offset: number, limit: number): { rows: RecordRow[]; total: number } {
    const view = this.resolve(query);
    const total = view === null ? this.engine.rowCount() : view.length;
    const end = Math.min(total, offset + limit);
    const rows: RecordRow[] = [];
    for (let position = offset; position < end; position++) rows.push(this.toRow(this.engine.row(view === null ? position : view[position]), position));
    return { rows, total };
  }

  /** The first unreviewed record after (or before) a position of a view. */
  findUnreviewed(query: ViewQuery, from: number, direction: 'next' | 'previous'): { position: number; key: string } | null {
    const view = this.resolve(query);
    const total = view === null ? this.engine.rowCount() : view.length;
    const step = direction === 'next' ? 1 : -1;
    for (let position = direction === 'next' ? from + 1 : Math.min(from, total) - 1; position >= 0 && position < total; position += step) {
      const key = this.engine.row(view === null ? position : view[position]).key;
      if (this.review.statusOf(key) === 'unreviewed') return { position, key };
    }
    return null;
  }

  /** The position of a record in a view, or null when the view does not hold it. */
  positionOf(query: ViewQuery, key: string): number | null {
    const row = this.engine.rowOfKey(key);
    if (row < 0) return null;
    const view = this.resolve(query);
    if (view === null) return row;
    const position = view.indexOf(row);
    return position < 0 ? null : position;
  }

  /** The display name of a source. */
  sourceName(sourceId: number): string {
    if (!this.sourceNames.has(sourceId)) this.invalidate();
    return this.sourceNames.get(sourceId) ?? `#${sourceId}`;
  }

  private fields(row: PortRow): ViewFields {
    const verdict = this.verdicts.verdictOf(row.key);
    return {
      key: row.key,
      source: this.sourceName(row.sourceId),
      id: row.id,
      task: row.task,
      turns: row.turns,
      tokens: row.tokens,
      chars: row.chars,
      reward: row.reward,
      verdict: verdict === null ? null : verdict.kept ? 'kept' : `dropped: ${verdict.reason ?? ''}`,
      duplicateCluster: this.verdicts.clusterOf(row.key),
      leakageScore: this.verdicts.leakageOf(row.key),
      review: this.review.statusOf(row.key),
      preview: row.firstUserText.slice(0, PREVIEW_CHARS),
    };
  }

  private searchTextOf(row: number): string {
    if (this.engine.rowCount() > this.searchCacheRows) return searchText(this.fields(this.engine.row(row)));
    if (this.search === null) this.search = new Array<string>(this.engine.rowCount());
    return (this.search[row] ??= searchText(this.fields(this.engine.row(row))));
  }

  private toRow(row: PortRow, position: number): RecordRow {
    return {
      position,
      key: row.key,
      sourceId: row.sourceId,
      source: this.sourceName(row.sourceId),
      ordinal: row.ordinal,
      id: row.id,
      task: row.task,
      turns: row.turns,
      chars: row.chars,
      tokens: row.tokens,
      reward: row.reward,
      trained: row.trained,
      masked: row.masked,
      preview: row.firstUserText.slice(0, PREVIEW_CHARS),
      verdict: this.verdicts.verdictOf(row.key),
      duplicateCluster: this.verdicts.clusterOf(row.key),
      leakageScore: this.verdicts.leakageOf(row.key),
      review: this.review.statusOf(row.key),
    };
  }
}

/** The columns the last pipeline run gives (views that read them change with its verdicts). */
const RUN_COLUMNS: ReadonlySet<string> = new Set(['verdict', 'tokens', 'duplicateCluster', 'leakageScore']);

/** True when a view sorts or filters by a column of the last run. */
function usesRunColumns(query: ViewQuery): boolean {
  return query.sort.some((sort) => RUN_COLUMNS.has(sort.column)) || query.filters.some((filter) => RUN_COLUMNS.has(filter.column));
}

/** True when a view neither sorts, filters nor searches: its order is the index order. */
function isPlainView(query: ViewQuery): boolean {
  return query.sort.length === 0 && query.filters.length === 0 && query.search.trim() === '';
}

/** The last segment of a path, for either separator. */
export function baseName(path: string): string {
  return path.split(/[\\/]/).filter(Boolean).pop() ?? path;
}
