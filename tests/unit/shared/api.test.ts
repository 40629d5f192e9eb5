import { describe, expect, it, vi } from 'vitest';
import { API_CALLS, API_EVENTS, CALL_NAMES, EVENT_NAMES, isCallName } from '../../../shared/api';
import { buildBridge } from '../../../shared/api/bridge';

describe('the API contract', () => {
  it('has request and response schemas for every call name, and nothing else', () => {
    expect(Object.keys(API_CALLS).sort()).toEqual([...CALL_NAMES].sort());
    for (const name of CALL_NAMES) {
      expect(typeof API_CALLS[name].request.safeParse).toBe('function');
      expect(typeof API_CALLS[name].response.safeParse).toBe('function');
    }
    expect(Object.keys(API_EVENTS).sort()).toEqual([...EVENT_NAMES].sort());
  });

  it('names calls feature.verb and events onDid...', () => {
    for (const name of CALL_NAMES) expect(name).toMatch(/^[a-z]+\.[a-z][A-Za-z]*$/);
    for (const name of EVENT_NAMES) expect(name).toMatch(/^onDid[A-Z]\w+$/);
    expect(isCallName('records.page')).toBe(true);
    expect(isCallName('records.drop')).toBe(false);
    expect(isCallName(42)).toBe(false);
  });

  it('fills defaults in requests a caller may leave short', () => {
    const page = API_CALLS['records.page'].request.parse({ offset: 0, limit: 100 });
    expect(page.view).toEqual({ sort: [], filters: [], search: '' });
    const open = API_CALLS['sources.open'].request.parse({ paths: ['a.json'] });
    expect(open.format).toBe('auto');
    const filter = API_CALLS['records.page'].request.parse({ offset: 0, limit: 1, view: { filters: [{ kind: 'number', column: 'turns', operator: 'greaterThan', value: 3 }] } });
    expect(filter.view.filters[0]).toMatchObject({ valueTo: null });
  });

  const badPayloads: [string, unknown][] = [
    ['app.info', { extra: 1 }],
    ['app.info', 'hello'],
    ['sources.open', { paths: [] }],
    ['sources.open', { paths: [''] }],
    ['sources.open', { paths: ['a.json'], format: 'csv' }],
    ['sources.open', { paths: ['a.json'], role: 'teacher' }],
    ['sources.close', { sourceId: -1 }],
    ['sources.close', { sourceId: 1.5 }],
    ['sources.excerpt', { sourceId: 0, offset: 0, context: 500 }],
    ['records.page', { offset: -1, limit: 10 }],
    ['records.page', { offset: 0, limit: 0 }],
    ['records.page', { offset: 0, limit: 100_000 }],
    ['records.page', { offset: 0, limit: 10, view: { sort: [{ column: 'firstUserText', direction: 'asc' }] } }],
    ['records.page', { offset: 0, limit: 10, view: { filters: [{ kind: 'text', column: 'turns', operator: 'contains', value: 'x' }] } }],
    ['records.page', { offset: 0, limit: 10, view: { filters: [{ kind: 'number', column: 'turns', operator: 'like', value: 1 }] } }],
    ['records.page', { offset: 0, limit: 10, sneaky: true }],
    ['records.find', { from: 0, where: 'rejected' }],
    ['records.get', {}],
    ['records.get', { key: 'x' }],
    ['records.validate', { key: 'abc:os_1' }],
    ['records.rewrite', { key: 'abc:os_1', turns: [{ role: 'robot', text: 'x', loss: null, from: 'robot' }] }],
    ['review.sync', { entries: [{ key: 'abc:os_1', status: 'maybe' }] }],
    ['review.write', { path: 'r.jsonl', lines: [{ key: 'abc:os_1', decision: 'keep', by: 'me', at: '2024-01-01T00:00:00Z' }] }],
    ['review.write', { path: 'r.jsonl', lines: [{ key: 'abc:os_1', decision: 'accept', by: 'me', at: 'yesterday' }] }],
    ['dialogs.openFiles', { filters: [{ name: 'x', extensions: ['../../etc'] }] }],
    ['jobs.cancel', { jobId: 0 }],
  ];

  it.each(badPayloads)('rejects a bad %s request: %j', (name, payload) => {
    const schemas = API_CALLS[name as keyof typeof API_CALLS];
    expect(schemas.request.safeParse(payload).success).toBe(false);
  });

  it('accepts a review-file line, keeping unknown keys', () => {
    const line = { key: 'abc123:os_42', decision: 'reject', reason: 'bad format', note: 'n', by: 'ann', at: '2025-01-02T03:04:05.000Z', future: 1 };
    const parsed = API_CALLS['review.write'].request.parse({ path: 'r.jsonl', lines: [line] });
    expect(parsed.lines[0]).toEqual(line);
  });
});

describe('buildBridge', () => {
  it('makes one function per call and one subscription per event, routed through the transport', async () => {
    const invoke = vi.fn(async (name: string, request: unknown) => ({ ok: true as const, value: { name, request } }));
    const unsubscribe = vi.fn();
    const subscribe = vi.fn(() => unsubscribe);
    const bridge = buildBridge(invoke, subscribe);
    for (const name of CALL_NAMES) expect(typeof bridge[name]).toBe('function');
    for (const name of EVENT_NAMES) expect(typeof bridge[name]).toBe('function');
    await expect(bridge['records.get']({ key: 'abc:1' })).resolves.toEqual({ ok: true, value: { name: 'records.get', request: { key: 'abc:1' } } });
    const listener = vi.fn();
    bridge.onDidProgress(listener)();
    expect(subscribe).toHaveBeenCalledWith('onDidProgress', listener);
    expect(unsubscribe).toHaveBeenCalledOnce();
  });
});
