import { describe, expect, it } from 'vitest';
import { API_CALLS } from '../../../../../shared/api';
import { toViewQuery } from '../../../../../renderer/src/features/grid/grid-view';

describe('toViewQuery', () => {
  it('maps AG Grid sort and filter models to a view the contract accepts', () => {
    const view = toViewQuery(
      [{ colId: 'turns', sort: 'desc' }, { colId: 'preview', sort: 'asc' }],
      {
        task: { filterType: 'text', type: 'equals', filter: 'os' },
        reward: { filterType: 'number', type: 'inRange', filter: 0.5, filterTo: 1 },
        chars: { filterType: 'number', operator: 'AND', conditions: [{ filterType: 'number', type: 'greaterThan', filter: 10 }, { filterType: 'number', type: 'lessThan', filter: 99 }] },
        preview: { filterType: 'text', type: 'contains', filter: 'x' },
      },
      '  search me ',
      'rejected',
    );
    expect(view).toEqual({
      sort: [{ column: 'turns', direction: 'desc' }],
      filters: [
        { kind: 'text', column: 'task', operator: 'equals', value: 'os' },
        { kind: 'number', column: 'reward', operator: 'inRange', value: 0.5, valueTo: 1 },
        { kind: 'number', column: 'chars', operator: 'greaterThan', value: 10, valueTo: null },
        { kind: 'number', column: 'chars', operator: 'lessThan', value: 99, valueTo: null },
        { kind: 'review', column: 'review', values: ['rejected'] },
      ],
      search: 'search me',
    });
    expect(API_CALLS['records.page'].request.safeParse({ view, offset: 0, limit: 100 }).success).toBe(true);
  });

  it('leaves an empty view when nothing is chosen', () => {
    expect(toViewQuery([], {}, '', 'all')).toEqual({ sort: [], filters: [], search: '' });
  });
});
