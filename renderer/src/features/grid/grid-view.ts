import type { z } from 'zod';
import { NUMBER_FILTER_COLUMNS, SORT_COLUMNS, TEXT_FILTER_COLUMNS, type columnFilterSchema, type viewQuerySchema } from '../../../../shared/api/records';
import type { ReviewStatus } from '../../../../shared/api/review';

/** A view as the contract takes it. */
export type ViewQuery = z.input<typeof viewQuerySchema>;

/** One filter of a view. */
type ColumnFilter = z.input<typeof columnFilterSchema>;

/** AG Grid's sort model entry. */
export interface GridSort {
  colId: string;
  sort: 'asc' | 'desc';
}

/** One AG Grid simple filter condition (text or number). */
interface GridCondition {
  filterType?: string;
  type?: string | null;
  filter?: string | number | null;
  filterTo?: number | null;
}

const isMember = <T extends string>(list: readonly T[], value: string): value is T => (list as readonly string[]).includes(value);

/** Converts one AG Grid condition on a column to the contract's filter, or null when it cannot be. */
function toFilter(column: string, condition: GridCondition): ColumnFilter | null {
  const operator = condition.type ?? 'contains';
  if (condition.filterType === 'number' && isMember(NUMBER_FILTER_COLUMNS, column)) {
    const value = typeof condition.filter === 'number' ? condition.filter : null;
    return { kind: 'number', column, operator: operator as Extract<ColumnFilter, { kind: 'number' }>['operator'], value, valueTo: condition.filterTo ?? null };
  }
  if (condition.filterType === 'text' && isMember(TEXT_FILTER_COLUMNS, column)) {
    return { kind: 'text', column, operator: operator as Extract<ColumnFilter, { kind: 'text' }>['operator'], value: String(condition.filter ?? '') };
  }
  return null;
}

/**
 * Turns AG Grid's sort and filter models, the quick search and the review-status choice into the
 * view the engine pages through (`records.page`). Columns the engine cannot sort or filter by are
 * left out; combined conditions are AND-ed (the grid allows one condition per column).
 */
export function toViewQuery(sortModel: readonly GridSort[], filterModel: Record<string, unknown>, search: string, review: ReviewStatus | 'all'): ViewQuery {
  const sort = sortModel.filter((item) => isMember(SORT_COLUMNS, item.colId)).map((item) => ({ column: item.colId as (typeof SORT_COLUMNS)[number], direction: item.sort }));
  const filters: ColumnFilter[] = [];
  for (const [column, model] of Object.entries(filterModel)) {
    const combined = model as GridCondition & { operator?: string; conditions?: GridCondition[] };
    const conditions = combined.conditions && combined.operator === 'AND' ? combined.conditions : [combined];
    for (const condition of conditions) {
      const filter = toFilter(column, condition);
      if (filter) filters.push(filter);
    }
  }
  if (review !== 'all') filters.push({ kind: 'review', column: 'review', values: [review] });
  return { sort, filters, search: search.trim() };
}
