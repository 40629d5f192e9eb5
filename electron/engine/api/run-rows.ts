/**
 * Which record of the last pipeline run each row of the record index is, as one Int32Array (-1:
 * the run did not judge the row), so that the views read the run's columns (verdict, tokens,
 * cluster, leakage) by row without a key string and a key lookup per row (docs/scale.md, "The
 * review desk at 10M records").
 *
 * A run reads each of its engine sources' rows in index order: its records `[from, to)` of a
 * source are that source's rows from its first one (run-pipeline.ts). So where an open source is
 * one of the run's (same source id and key prefix, as many records) and its first and last rows'
 * keys are the run's records `from` and `to - 1`, its rows map by offset. Every other row (a
 * source opened after the run, or reopened, or one whose keys another source of the run repeats)
 * is mapped by its key, as the per-row path does.
 */
import type { IndexColumns } from './index-columns';

/** What the map reads of a run (PipelineResult has it). */
export interface RunRecords {
  readonly count: number;
  readonly sources: readonly { readonly info: { readonly id: number; readonly keyPrefix: string }; readonly from: number; readonly to: number }[];
  recordOfKey(key: string): number;
}

/** An open source of the index, in the order of its rows. */
export interface RowSource {
  sourceId: number;
  keyPrefix: string;
  records: number;
}

/** How the rows were mapped: by offset in a source the run read, or by key. */
export interface RowMapStats {
  byOffset: number;
  byKey: number;
}

/**
 * The key of row `row` (`<prefix>:<id>`, or `<prefix>:#<ordinal>`: see Engine.keyOf), from the
 * index's columns.
 */
export function keyOfRow(index: IndexColumns, keyPrefix: (sourceId: number) => string, row: number): string {
  const rest = index.keyedByOrdinal(row) ? `#${index.ordinalOf(row)}` : (index.idColumn.get(row) ?? '');
  return `${keyPrefix(index.sourceOf(row))}:${rest}`;
}

/**
 * The run's record of each of the first `rowCount` rows of the index, whose open sources are
 * `sources` in row order; see the module comment.
 */
export function recordsOfRows(rowCount: number, index: IndexColumns, sources: readonly RowSource[], run: RunRecords, stats?: RowMapStats): Int32Array {
  const records = new Int32Array(rowCount).fill(-1);
  const prefixes = new Map(sources.map((source) => [source.sourceId, source.keyPrefix]));
  const keyPrefix = (sourceId: number): string => prefixes.get(sourceId) ?? '';
  const keyAt = (row: number): string => keyOfRow(index, keyPrefix, row);
  let firstRow = 0;
  let byOffset = 0;
  for (const source of sources) {
    const first = firstRow;
    const last = first + source.records - 1;
    firstRow += source.records;
    if (source.records === 0 || last >= rowCount) continue;
    const read = run.sources.find((candidate) => candidate.info.id === source.sourceId);
    if (read === undefined || read.info.keyPrefix !== source.keyPrefix || read.to - read.from !== source.records) continue;
    if (index.sourceOf(first) !== source.sourceId || index.sourceOf(last) !== source.sourceId) continue;
    if (run.recordOfKey(keyAt(first)) !== read.from || run.recordOfKey(keyAt(last)) !== read.to - 1) continue;
    for (let offset = 0; offset < source.records; offset++) records[first + offset] = read.from + offset;
    byOffset += source.records;
  }
  let byKey = 0;
  if (byOffset < rowCount && run.count > 0) {
    // A row mapped by offset holds its record (never -1); every other row is looked up by key.
    for (let row = 0; row < rowCount; row++) {
      if (records[row] !== -1) continue;
      records[row] = run.recordOfKey(keyAt(row));
      byKey++;
    }
  }
  if (stats !== undefined) {
    stats.byOffset = byOffset;
    stats.byKey = byKey;
  }
  return records;
}
