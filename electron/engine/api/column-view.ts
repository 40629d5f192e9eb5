/**
 * A view (quick search, filters, sort) computed column by column over the record index, rather
 * than by building every row's summary: the search runs over the id and preview bytes, number
 * filters and sorts read the typed columns, a source or task is judged once per distinct value,
 * a needle that crosses fields is matched on the parts either side (joined-search.ts), and sorts
 * are radix sorts (view-sort.ts). The answers are those of `computeView` over the rows'
 * summaries (record-view.ts). A record's key is built from the index's columns; the last pipeline
 * run's columns (tokens, verdict, cluster, leakage) are read through the run's record of each row
 * (run-rows.ts, run-columns.ts), or from each row's summary when the input has no run columns
 * (docs/scale.md, "The review desk at 10M records").
 */
import type { IndexColumns } from './index-columns';
import { compareValues, matchesNumber, matchesText, REVIEW_ORDER, type ColumnFilter, type SortColumn, type ViewFields, type ViewQuery } from './record-view';
import type { RunColumns } from './run-columns';
import { keyOfRow } from './run-rows';
import { searchAcrossParts, SEARCHED_PREVIEW_CHARS } from './joined-search';
import { sortByKey } from './key-sort';
import { sortByNumber, sortByText } from './view-sort';

export type { IndexColumns } from './index-columns';

/** The index and what the views add to it. */
export interface ColumnViewInput {
  /** Rows of the view (the open sources' rows, the first ones of the index). */
  rowCount: number;
  index: IndexColumns;
  sourceName(sourceId: number): string;
  keyPrefix(sourceId: number): string;
  /** Review status by row as REVIEW_ORDER codes (0: unreviewed). */
  reviewCodes(): Uint8Array;
  /** The last pipeline run's columns by row; without them they are read from {@link fields}. */
  run?: RunColumns;
  /** A row's whole summary, for the run's columns without {@link run}. */
  fields(row: number): ViewFields;
}

/** Computes a view; see the module comment. */
export function computeColumnView(input: ColumnViewInput, query: ViewQuery): Uint32Array {
  let order = searchRows(input, query.search.trim().toLowerCase());
  let reviewCodes: Uint8Array | null = null;
  const reviews = (): Uint8Array => (reviewCodes ??= input.reviewCodes());
  for (const filter of query.filters) order = filterRows(input, order, filter, reviews);
  for (let index = query.sort.length - 1; index >= 0; index--) order = sortRows(input, order, query.sort[index].column, query.sort[index].direction === 'desc', reviews);
  return order;
}

/** Every row, or those the quick search finds (case-insensitive substring of key, id, task, source or preview). */
function searchRows(input: ColumnViewInput, needle: string): Uint32Array {
  const { index, rowCount } = input;
  if (needle === '') return rowNumbers(rowCount);
  const hits = new Uint8Array(index.count);
  const ascii = Buffer.byteLength(needle, 'utf8') === needle.length;
  if (ascii) {
    index.idColumn.searchAscii(needle, Number.POSITIVE_INFINITY, hits);
    index.previewColumn.searchAscii(needle, SEARCHED_PREVIEW_CHARS, hits);
  }
  // Only a needle of digits, perhaps after a '#', can be in `#<ordinal>`.
  const ordinalNeedle = /^#?[0-9]*$/.test(needle);
  const bySource = memo((sourceId: number) => input.keyPrefix(sourceId).toLowerCase().includes(needle) || input.sourceName(sourceId).toLowerCase().includes(needle));
  const byTask = memo((code: number) => (index.taskName(code) ?? '').toLowerCase().includes(needle));
  for (let row = 0; row < rowCount; row++) {
    if (hits[row] === 1) continue;
    if (bySource(index.sourceOf(row)) || byTask(index.taskCodeOfRow(row))) hits[row] = 1;
    // Text past ASCII lower-cases by Unicode's rules (lengths may change): those rows are decoded.
    else if (!index.idColumn.isAscii(row) && wideIdMatches(input, row, needle)) hits[row] = 1;
    else if (!index.previewColumn.isAscii(row) && (index.previewColumn.get(row) ?? '').slice(0, SEARCHED_PREVIEW_CHARS).toLowerCase().includes(needle)) hits[row] = 1;
    // A key by ordinal (`#<n>`) is not an id: its digits are matched here.
    else if (ordinalNeedle && index.keyedByOrdinal(row) && `#${index.ordinalOf(row)}`.includes(needle)) hits[row] = 1;
  }
  // The search text joins the fields with line breaks and a key is `<prefix>:<rest>`: a needle
  // with either can also cross parts (joined-search.ts).
  if (needle.includes('\n') || needle.includes(':')) searchAcrossParts(input, needle, hits);
  return rowsWhere(hits, rowCount);
}

/**
 * Whether a row whose id holds characters past ASCII matches in its id or its key: the key is
 * lower-cased whole, since a letter's lower case may depend on what precedes it (a final sigma
 * after the prefix and colon).
 */
function wideIdMatches(input: ColumnViewInput, row: number, needle: string): boolean {
  const id = input.index.idColumn.get(row) ?? '';
  if (id.toLowerCase().includes(needle)) return true;
  return !input.index.keyedByOrdinal(row) && `${input.keyPrefix(input.index.sourceOf(row))}:${id}`.toLowerCase().includes(needle);
}

/** The rows of `order` that pass `filter`. */
function filterRows(input: ColumnViewInput, order: Uint32Array, filter: ColumnFilter, reviews: () => Uint8Array): Uint32Array {
  const { index } = input;
  let passes: (row: number) => boolean;
  if (filter.kind === 'review') {
    const codes = reviews();
    const wanted = new Set(filter.values.map((status) => REVIEW_ORDER[status]));
    passes = (row) => wanted.has(codes[row]);
  } else if (filter.kind === 'number') {
    const value = numberOf(input, filter.column);
    passes = (row) => matchesNumber(nullable(value(row)), filter);
  } else if (filter.column === 'source') {
    const bySource = memo((sourceId: number) => matchesText(input.sourceName(sourceId), filter));
    passes = (row) => bySource(index.sourceOf(row));
  } else if (filter.column === 'task') {
    const byTask = memo((code: number) => matchesText(index.taskName(code), filter));
    passes = (row) => byTask(index.taskCodeOfRow(row));
  } else if (filter.column === 'id') {
    passes = (row) => matchesText(index.idColumn.get(row), filter);
  } else if (filter.column === 'key') {
    passes = (row) => matchesText(keyOfRow(index, input.keyPrefix, row), filter);
  } else if (filter.column === 'verdict' && input.run !== undefined) {
    passes = input.run.verdictFilter(order, filter);
  } else {
    const column = filter.column;
    passes = (row) => matchesText(input.fields(row)[column], filter);
  }
  const kept = new Uint32Array(order.length);
  let count = 0;
  for (let position = 0; position < order.length; position++) if (passes(order[position])) kept[count++] = order[position];
  return kept.slice(0, count);
}

/** `order` sorted stably by one column. */
function sortRows(input: ColumnViewInput, order: Uint32Array, column: SortColumn, descending: boolean, reviews: () => Uint8Array): Uint32Array {
  const { index } = input;
  switch (column) {
    case 'id':
      return sortByText(order, index.idColumn, descending);
    case 'review': {
      const codes = reviews();
      return sortByNumber(order, (row) => codes[row], descending);
    }
    case 'source': {
      const rank = rankOf(index.count, order, (row) => input.sourceName(index.sourceOf(row)));
      return sortByNumber(order, rank, descending);
    }
    case 'task': {
      const rank = rankOf(index.count, order, (row) => index.taskName(index.taskCodeOfRow(row)));
      return sortByNumber(order, rank, descending);
    }
    case 'key':
      return sortByKey(order, index, input.keyPrefix, descending);
    case 'verdict': {
      const rank = input.run?.verdictRank(order) ?? rankOf(index.count, order, (row) => input.fields(row).verdict);
      return sortByNumber(order, rank, descending);
    }
    default:
      return sortByNumber(order, numberOf(input, column), descending);
  }
}

/** A number column by row; NaN for a missing value. */
function numberOf(input: ColumnViewInput, column: Exclude<SortColumn, 'id' | 'review' | 'source' | 'task' | 'key' | 'verdict'>): (row: number) => number {
  const { index } = input;
  switch (column) {
    case 'position': return (row) => row;
    case 'turns': return (row) => index.turnsOf(row);
    case 'chars': return (row) => index.charsOf(row);
    case 'reward': return (row) => index.rewardOf(row);
    default: return input.run?.numberOf(column) ?? ((row) => input.fields(row)[column] ?? Number.NaN);
  }
}

/**
 * The rank of each row's string among the distinct strings of `order` (NaN for null), for a column
 * of few distinct values or one read from the summaries: sorting the ranks sorts the strings.
 */
function rankOf(rows: number, order: Uint32Array, valueOf: (row: number) => string | null): (row: number) => number {
  const ranks = new Float64Array(rows).fill(Number.NaN);
  const values = new Map<string, number[]>();
  for (let position = 0; position < order.length; position++) {
    const row = order[position];
    const value = valueOf(row);
    if (value === null) continue;
    let rows = values.get(value);
    if (rows === undefined) values.set(value, (rows = []));
    rows.push(row);
  }
  const distinct = [...values.keys()].sort(compareValues);
  distinct.forEach((value, rank) => {
    for (const row of values.get(value)!) ranks[row] = rank;
  });
  return (row) => ranks[row];
}

function nullable(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** `compute` with its answers kept by argument (a source id or task code: below 65536). */
function memo(compute: (key: number) => boolean): (key: number) => boolean {
  const answers = new Int8Array(1 << 16).fill(-1);
  return (key) => {
    let answer = answers[key];
    if (answer === -1) answers[key] = answer = compute(key) ? 1 : 0;
    return answer === 1;
  };
}

function rowNumbers(count: number): Uint32Array {
  const rows = new Uint32Array(count);
  for (let row = 0; row < count; row++) rows[row] = row;
  return rows;
}

function rowsWhere(hits: Uint8Array, rowCount: number): Uint32Array {
  let count = 0;
  for (let row = 0; row < rowCount; row++) count += hits[row];
  const rows = new Uint32Array(count);
  let at = 0;
  for (let row = 0; row < rowCount; row++) if (hits[row] === 1) rows[at++] = row;
  return rows;
}
