import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeApi } from './helpers';

/** Unwraps a successful result, failing the test with the error otherwise. */
function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

/** A shard of our own: record i asks a question of fewer words than record i - 1, so sorting by characters reverses it. */
async function openedShard(records: number) {
  const api = makeApi();
  const path = join(api.services.host.dataDir, 'locate.json');
  const shard = Array.from({ length: records }, (_, i) => ({ id: `q${i}`, conversations: [{ from: 'human', value: `ask ${'word '.repeat(records - i)}` }, { from: 'gpt', value: 'an answer' }] }));
  writeFileSync(path, JSON.stringify(shard));
  value(await api.call('sources.open', { paths: [path] }));
  const keys = (value(await api.call('records.page', { offset: 0, limit: records })) as { rows: { key: string }[] }).rows.map((row) => row.key);
  return { api, keys };
}

describe('records.locate', () => {
  it('finds a record in the index order and in a sorted view in one call', async () => {
    const { api, keys } = await openedShard(30);
    expect(value(await api.call('records.locate', { key: keys[17] }))).toEqual({ position: 17 });
    const byChars = { sort: [{ column: 'chars', direction: 'asc' }] };
    expect(value(await api.call('records.locate', { view: byChars, key: keys[17] }))).toEqual({ position: 12 });
    const page = value(await api.call('records.page', { view: byChars, offset: 12, limit: 1 })) as { rows: { key: string }[] };
    expect(page.rows[0].key).toBe(keys[17]);
  });

  it('answers null for a record the view leaves out and for a key no source has', async () => {
    const { api, keys } = await openedShard(10);
    expect(value(await api.call('records.locate', { view: { search: 'q3' }, key: keys[4] }))).toEqual({ position: null });
    expect(value(await api.call('records.locate', { view: { search: 'q3' }, key: keys[3] }))).toEqual({ position: 0 });
    expect(value(await api.call('records.locate', { key: 'deadbeef:nothing' }))).toEqual({ position: null });
  });

  it('refuses a request without a key', async () => {
    const { api } = await openedShard(2);
    expect(await api.call('records.locate', { view: {} })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });
});
