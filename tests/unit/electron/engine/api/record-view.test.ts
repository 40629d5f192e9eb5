import { describe, expect, it } from 'vitest';
import { computeView, matchesFilters, type ViewFields, type ViewQuery } from '../../../../../electron/engine/api/record-view';

const rows: ViewFields[] = [
  { key: 'a:os_1', source: 'os.json', id: 'os_1', task: 'os', turns: 8, tokens: null, chars: 900, reward: 1, verdict: null, duplicateCluster: null, leakageScore: null, review: 'accepted', preview: 'List the files' },
  { key: 'a:db_2', source: 'db.json', id: 'db_2', task: 'db', turns: 4, tokens: null, chars: 300, reward: null, verdict: 'kept', duplicateCluster: 3, leakageScore: 0.1, review: 'unreviewed', preview: 'INSERT a row' },
  { key: 'a:os_3', source: 'os.json', id: 'os_3', task: 'os', turns: 4, tokens: null, chars: 500, reward: 0.5, verdict: 'dropped: reward', duplicateCluster: null, leakageScore: 0.9, review: 'rejected', preview: 'Count the lines' },
  { key: 'b:#3', source: 'chat.json', id: null, task: null, turns: 2, tokens: null, chars: 40, reward: null, verdict: null, duplicateCluster: null, leakageScore: null, review: 'unreviewed', preview: 'Who are you?' },
];

const view = (query: Partial<ViewQuery>): number[] => [...computeView(rows.length, (row) => rows[row], { sort: [], filters: [], search: '', ...query })];

describe('computeView', () => {
  it('keeps index order without sort or filters', () => {
    expect(view({})).toEqual([0, 1, 2, 3]);
  });

  it('sorts numbers both ways with ties in index order and missing values last', () => {
    expect(view({ sort: [{ column: 'turns', direction: 'asc' }] })).toEqual([3, 1, 2, 0]);
    expect(view({ sort: [{ column: 'turns', direction: 'desc' }] })).toEqual([0, 1, 2, 3]);
    expect(view({ sort: [{ column: 'reward', direction: 'asc' }] })).toEqual([2, 0, 1, 3]);
    expect(view({ sort: [{ column: 'reward', direction: 'desc' }] })).toEqual([0, 2, 1, 3]);
  });

  it('sorts by several columns, text and review status', () => {
    expect(view({ sort: [{ column: 'task', direction: 'asc' }, { column: 'chars', direction: 'asc' }] })).toEqual([1, 2, 0, 3]);
    expect(view({ sort: [{ column: 'review', direction: 'asc' }] })).toEqual([1, 3, 0, 2]);
  });

  it('filters by text, number and review status, all filters at once', () => {
    expect(view({ filters: [{ kind: 'text', column: 'task', operator: 'equals', value: 'OS' }] })).toEqual([0, 2]);
    expect(view({ filters: [{ kind: 'text', column: 'id', operator: 'blank', value: '' }] })).toEqual([3]);
    expect(view({ filters: [{ kind: 'number', column: 'turns', operator: 'inRange', value: 3, valueTo: 5 }] })).toEqual([1, 2]);
    expect(view({ filters: [{ kind: 'number', column: 'reward', operator: 'lessThan', value: 1, valueTo: null }] })).toEqual([2]);
    expect(view({ filters: [{ kind: 'review', column: 'review', values: ['unreviewed'] }, { kind: 'text', column: 'source', operator: 'startsWith', value: 'db' }] })).toEqual([1]);
    expect(view({ filters: [{ kind: 'text', column: 'verdict', operator: 'startsWith', value: 'dropped' }] })).toEqual([2]);
  });

  it('searches key, id, task, source and preview case-insensitively', () => {
    expect(view({ search: 'who ARE' })).toEqual([3]);
    expect(view({ search: 'db_2' })).toEqual([1]);
    expect(view({ search: 'chat.json' })).toEqual([3]);
    expect(view({ search: 'nothing like this' })).toEqual([]);
  });

  it('treats a missing number as failing every comparison but blank', () => {
    expect(matchesFilters(rows[3], [{ kind: 'number', column: 'reward', operator: 'notEqual', value: 1, valueTo: null }])).toBe(false);
    expect(matchesFilters(rows[3], [{ kind: 'number', column: 'reward', operator: 'blank', value: null, valueTo: null }])).toBe(true);
  });
});
