import type { z } from 'zod';
import type { columnFilterSchema, viewQuerySchema, SORT_COLUMNS } from '../../../shared/api/records';
import type { ReviewStatus } from '../../../shared/api/review';

/** A parsed view query: sort, filters, quick search. */
export type ViewQuery = z.output<typeof viewQuerySchema>;

/** One filter of a view. */
export type ColumnFilter = z.output<typeof columnFilterSchema>;

/** A sortable column. */
export type SortColumn = (typeof SORT_COLUMNS)[number];

/** The fields of a row that sorting, filtering and searching look at. */
export interface ViewFields {
  key: string;
  source: string;
  id: string | null;
  task: string | null;
  turns: number;
  tokens: number | null;
  chars: number;
  reward: number | null;
  /** `kept`, or `dropped: <first reason>`; null before the pipeline has run. */
  verdict: string | null;
  duplicateCluster: number | null;
  leakageScore: number | null;
  review: ReviewStatus;
  preview: string;
}

/** Review statuses in the order a sort shows them. */
export const REVIEW_ORDER: Record<ReviewStatus, number> = { unreviewed: 0, accepted: 1, edited: 2, rejected: 3 };

/** Tests one text value against a text filter (case-insensitive, as AG Grid's text filter is). */
export function matchesText(value: string | null, filter: Extract<ColumnFilter, { kind: 'text' }>): boolean {
  if (filter.operator === 'blank') return value === null || value === '';
  if (filter.operator === 'notBlank') return value !== null && value !== '';
  const haystack = (value ?? '').toLowerCase();
  const needle = filter.value.toLowerCase();
  switch (filter.operator) {
    case 'contains': return haystack.includes(needle);
    case 'notContains': return !haystack.includes(needle);
    case 'equals': return haystack === needle;
    case 'notEqual': return haystack !== needle;
    case 'startsWith': return haystack.startsWith(needle);
    case 'endsWith': return haystack.endsWith(needle);
  }
}

/** Tests one number against a number filter; a missing value only matches `blank`. */
export function matchesNumber(value: number | null, filter: Extract<ColumnFilter, { kind: 'number' }>): boolean {
  if (filter.operator === 'blank') return value === null;
  if (filter.operator === 'notBlank') return value !== null;
  if (value === null || filter.value === null) return false;
  switch (filter.operator) {
    case 'equals': return value === filter.value;
    case 'notEqual': return value !== filter.value;
    case 'lessThan': return value < filter.value;
    case 'lessThanOrEqual': return value <= filter.value;
    case 'greaterThan': return value > filter.value;
    case 'greaterThanOrEqual': return value >= filter.value;
    case 'inRange': return value >= filter.value && (filter.valueTo === null || value <= filter.valueTo);
  }
}

/** True when a row passes every filter. */
export function matchesFilters(fields: ViewFields, filters: readonly ColumnFilter[]): boolean {
  for (const filter of filters) {
    if (filter.kind === 'text' && !matchesText(fields[filter.column], filter)) return false;
    if (filter.kind === 'number' && !matchesNumber(fields[filter.column], filter)) return false;
    if (filter.kind === 'review' && !filter.values.includes(fields.review)) return false;
  }
  return true;
}

/** The text quick search looks in, lower-cased. */
export function searchText(fields: ViewFields): string {
  return `${fields.key}\n${fields.id ?? ''}\n${fields.task ?? ''}\n${fields.source}\n${fields.preview}`.toLowerCase();
}

/** A sort key: numbers compare as numbers, strings as strings, nulls sort last either way. */
function sortValue(fields: ViewFields, column: SortColumn, row: number): number | string | null {
  switch (column) {
    case 'position': return row;
    case 'review': return REVIEW_ORDER[fields.review];
    default: return fields[column];
  }
}

/** Compares two sort keys, ascending, nulls last. */
export function compareValues(left: number | string | null, right: number | string | null): number {
  if (left === right) return 0;
  if (left === null) return 1;
  if (right === null) return -1;
  return left < right ? -1 : 1;
}

/**
 * Computes a view: the row numbers that pass the filters and the quick search, in sort order
 * (ties keep index order, so paging is stable). `fieldsOf` is called once per row;
 * `searchOf` (lower-cased, cached by the caller) only when there is a search.
 */
export function computeView(rowCount: number, fieldsOf: (row: number) => ViewFields, query: ViewQuery, searchOf: (row: number) => string = (row) => searchText(fieldsOf(row))): Uint32Array {
  const needle = query.search.trim().toLowerCase();
  const kept: number[] = [];
  const keys: (number | string | null)[][] = query.sort.map(() => []);
  for (let row = 0; row < rowCount; row++) {
    if (needle !== '' && !searchOf(row).includes(needle)) continue;
    if (query.filters.length === 0 && query.sort.length === 0) {
      kept.push(row);
      continue;
    }
    const fields = fieldsOf(row);
    if (!matchesFilters(fields, query.filters)) continue;
    query.sort.forEach((sort, index) => keys[index].push(sortValue(fields, sort.column, row)));
    kept.push(row);
  }
  if (query.sort.length === 0) return Uint32Array.from(kept);
  const order = kept.map((_, slot) => slot);
  order.sort((left, right) => {
    for (let index = 0; index < query.sort.length; index++) {
      const compared = compareValues(keys[index][left], keys[index][right]);
      if (compared !== 0) {
        const bothPresent = keys[index][left] !== null && keys[index][right] !== null;
        return query.sort[index].direction === 'desc' && bothPresent ? -compared : compared;
      }
    }
    return kept[left] - kept[right];
  });
  return Uint32Array.from(order, (slot) => kept[slot]);
}
