import { describe, expect, it, vi } from 'vitest';
import { dispatchCall } from '../../../../../electron/engine/api/dispatch';
import { ApiFailure } from '../../../../../electron/engine/api/failure';
import type { Handlers } from '../../../../../electron/engine/api/registry';
import { makeApi } from './helpers';

describe('dispatchCall', () => {
  it('answers unknown names without running anything', async () => {
    const { call } = makeApi();
    await expect(call('records.drop', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    await expect(call('__proto__', {})).resolves.toMatchObject({ ok: false, error: { code: 'unknown-call' } });
  });

  it('rejects a request that does not parse before it reaches the handler, naming the field', async () => {
    const { handlers } = makeApi();
    const spy = vi.fn();
    const spied = { ...handlers, 'records.page': spy } as Handlers;
    const result = await dispatchCall(spied, 'records.page', { offset: -5, limit: 10 });
    expect(spy).not.toHaveBeenCalled();
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', issues: [{ path: 'offset' }] } });
    if (!result.ok) expect(result.error.message).toMatch(/records\.page: the request does not match the contract \(offset:/);
  });

  it('passes the parsed request, with defaults, to the handler', async () => {
    const { handlers } = makeApi();
    const spy = vi.fn(() => ({ rows: [], total: 0, indexed: 0 }));
    await dispatchCall({ ...handlers, 'records.page': spy } as Handlers, 'records.page', { offset: 0, limit: 5 });
    expect(spy).toHaveBeenCalledWith({ offset: 0, limit: 5, view: { sort: [], filters: [], search: '' } });
  });

  it('maps thrown errors to readable failures without stacks', async () => {
    const { handlers } = makeApi();
    const unexpected = vi.fn();
    const failing = (error: unknown) => ({ ...handlers, 'jobs.list': () => { throw error; } }) as Handlers;
    await expect(dispatchCall(failing(new ApiFailure('not-found', 'no such job')), 'jobs.list', {})).resolves.toEqual({ ok: false, error: { code: 'not-found', message: 'no such job' } });
    const aborted = Object.assign(new Error('stop'), { name: 'AbortError' });
    await expect(dispatchCall(failing(aborted), 'jobs.list', {})).resolves.toMatchObject({ ok: false, error: { code: 'canceled' } });
    const result = await dispatchCall(failing(new TypeError('boom')), 'jobs.list', {}, { onUnexpectedError: unexpected });
    expect(result).toEqual({ ok: false, error: { code: 'failed', message: 'boom' } });
    expect(JSON.stringify(result)).not.toMatch(/at .*\.ts/);
    expect(unexpected).toHaveBeenCalledWith('jobs.list', expect.any(TypeError));
  });

  it('catches a handler whose response drifts from the contract when asked to', async () => {
    const { handlers } = makeApi();
    const drifting = { ...handlers, 'jobs.list': () => ({ jobs: 'none' }) } as unknown as Handlers;
    await expect(dispatchCall(drifting, 'jobs.list', {}, { validateResponses: true })).resolves.toMatchObject({ ok: false, error: { code: 'failed', message: /response does not match the contract/ } });
    await expect(dispatchCall(drifting, 'jobs.list', {})).resolves.toMatchObject({ ok: true });
  });
});
