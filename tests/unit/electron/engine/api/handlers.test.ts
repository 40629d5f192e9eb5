import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../../helpers/data';
import type { FakeEngine } from './fake-engine';
import { makeApi } from './helpers';
import { describeWithData, itWithData } from '../../../../helpers/with-data';

const WEBSHOP = dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json');
const FASTCHAT = dataFile('fastchat-sharegpt/dummy_conversation.json');

/** Unwraps a successful result, failing the test with the error otherwise. */
function value<T>(result: { ok: true; value: T } | { ok: false; error: unknown }): T {
  if (!result.ok) throw new Error(`call failed: ${JSON.stringify(result.error)}`);
  return result.value;
}

async function opened() {
  const api = makeApi();
  value(await api.call('sources.open', { paths: [WEBSHOP], role: 'agent' }));
  value(await api.call('sources.open', { paths: [FASTCHAT], role: 'general' }));
  return api;
}

describe('sources handlers', () => {
  itWithData('indexes as a job with start, progress and finish events, then announces the sources', async () => {
    const api = makeApi();
    const result = value(await api.call('sources.open', { paths: [WEBSHOP] })) as { sources: { records: number; name: string }[]; opened: number[] };
    expect(result.opened).toEqual([0]);
    expect(result.sources[0]).toMatchObject({ records: 50, name: 'clean_sneakers_query-attack.json' });
    expect(api.events.map((event) => event.event)).toEqual(['onDidStartJob', 'onDidProgress', 'onDidFinishJob', 'onDidChangeSources']);
    expect(api.events[2].payload).toMatchObject({ outcome: 'done', kind: 'index' });
  });

  it('reports a failed open as a failure and a failed job, and keeps working', async () => {
    const api = makeApi();
    const broken = join(api.services.host.dataDir, 'broken.json');
    writeFileSync(broken, 'not json');
    const result = await api.call('sources.open', { paths: [broken] });
    expect(result).toMatchObject({ ok: false, error: { code: 'failed' } });
    expect(api.events.at(-1)).toMatchObject({ event: 'onDidFinishJob', payload: { outcome: 'failed' } });
    expect(value(await api.call('sources.list', {}))).toEqual({ sources: [] });
  });

  it('refuses a path that does not exist, or is outside the allowed folders, before reading it', async () => {
    const api = makeApi();
    const missing = join(api.services.host.dataDir, 'missing.json');
    expect(await api.call('sources.open', { paths: [missing] })).toMatchObject({ ok: false, error: { code: 'not-found', message: `shard ${missing}: no such file or folder` } });
    expect(await api.call('sources.open', { paths: ['/etc/passwd'] })).toMatchObject({ ok: false, error: { code: 'forbidden', denied: ['/etc/passwd'] } });
    expect(api.events.at(-1)).toMatchObject({ event: 'onDidFinishJob', payload: { outcome: 'failed' } });
    expect((api.engine as FakeEngine).opened).toEqual([]);
  });

  itWithData('closes a source and refuses an unknown id', async () => {
    const api = await opened();
    expect(value(await api.call('sources.close', { sourceId: 0 }))).toMatchObject({ sources: [{ sourceId: 1 }] });
    expect(await api.call('sources.close', { sourceId: 7 })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(value(await api.call('records.page', { offset: 0, limit: 1 }))).toMatchObject({ total: 500 });
  });

  itWithData('shows the lines around a byte offset with real line numbers', async () => {
    const api = await opened();
    const text = readFileSync(FASTCHAT, 'utf8');
    const offset = Buffer.byteLength(text.slice(0, text.indexOf('"identity_3"')));
    const lineNumber = text.slice(0, text.indexOf('"identity_3"')).split('\n').length;
    const excerpt = value(await api.call('sources.excerpt', { sourceId: 1, offset, context: 2 })) as { text: string; firstLine: number; focusLine: number };
    expect(excerpt.focusLine).toBe(lineNumber);
    expect(excerpt.firstLine).toBe(lineNumber - 2);
    expect(excerpt.text.split('\n')).toEqual(text.split('\n').slice(lineNumber - 3, lineNumber + 2));
  });

  itWithData('cuts a one-line file around the offset', async () => {
    const api = await opened();
    const excerpt = value(await api.call('sources.excerpt', { sourceId: 0, offset: 100_000, context: 3 })) as { text: string; focusLine: number; truncated: boolean };
    expect(excerpt.focusLine).toBe(1);
    expect(excerpt.truncated).toBe(true);
    expect(excerpt.text.length).toBeLessThan(500);
    expect(readFileSync(WEBSHOP, 'utf8')).toContain(excerpt.text.replace(/^…|…$/g, ''));
  });
});

describeWithData('records handlers', () => {
  it('pages through all open sources, sorted and searched', async () => {
    const api = await opened();
    const first = value(await api.call('records.page', { offset: 0, limit: 3 })) as { rows: { key: string; position: number; source: string; review: string; verdict: unknown }[]; total: number };
    expect(first.total).toBe(550);
    expect(first.rows.map((row) => row.position)).toEqual([0, 1, 2]);
    expect(first.rows[0]).toMatchObject({ source: 'clean_sneakers_query-attack.json', review: 'unreviewed', verdict: null });
    const longest = value(await api.call('records.page', { offset: 0, limit: 2, view: { sort: [{ column: 'turns', direction: 'desc' }] } })) as { rows: { turns: number }[] };
    expect(longest.rows[0].turns).toBeGreaterThanOrEqual(longest.rows[1].turns);
    const searched = value(await api.call('records.page', { offset: 0, limit: 10, view: { search: 'identity_42' } })) as { rows: { id: string }[]; total: number };
    expect(searched.rows.map((row) => row.id)).toContain('identity_42');
    const past = value(await api.call('records.page', { offset: 549, limit: 10 })) as { rows: unknown[] };
    expect(past.rows).toHaveLength(1);
  });

  it('finds the next unreviewed record after the mirror learns decisions', async () => {
    const api = await opened();
    const page = value(await api.call('records.page', { offset: 0, limit: 3 })) as { rows: { key: string }[] };
    value(await api.call('review.sync', { entries: [{ key: page.rows[1].key, status: 'accepted' }, { key: page.rows[2].key, status: 'rejected' }] }));
    expect(value(await api.call('records.find', { from: 0, where: 'unreviewed' }))).toEqual({ position: 3, key: expect.any(String) });
    expect(value(await api.call('records.find', { from: 3, direction: 'previous', where: 'unreviewed' }))).toEqual({ position: 0, key: page.rows[0].key });
    const rejected = value(await api.call('records.page', { offset: 0, limit: 10, view: { filters: [{ kind: 'review', column: 'review', values: ['rejected'] }] } })) as { rows: { key: string; review: string }[] };
    expect(rejected.rows).toEqual([expect.objectContaining({ key: page.rows[2].key, review: 'rejected' })]);
    value(await api.call('review.sync', { replace: true, entries: [] }));
    expect(value(await api.call('records.find', { from: 0, where: 'unreviewed' }))).toMatchObject({ position: 1 });
  });

  it('opens a record with its turns and loss flags', async () => {
    const api = await opened();
    const page = value(await api.call('records.page', { offset: 0, limit: 1 })) as { rows: { key: string }[] };
    const record = value(await api.call('records.get', { key: page.rows[0].key })) as { conversation: { turns: { role: string; loss: boolean | null }[] }; format: string };
    expect(record.format).toBe('agentinstruct');
    expect(record.conversation.turns.slice(0, 2)).toEqual([expect.objectContaining({ role: 'user', loss: null }), expect.objectContaining({ role: 'assistant', loss: false })]);
    expect(await api.call('records.get', { key: 'nope:nothing' })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });

  it('validates edited JSON and places problems on the offending field', async () => {
    const api = await opened();
    const page = value(await api.call('records.page', { offset: 0, limit: 1 })) as { rows: { key: string }[] };
    const key = page.rows[0].key;
    const record = value(await api.call('records.get', { key })) as { value: { conversations: { from: string }[] } };
    const good = JSON.stringify(record.value, null, 2);
    expect(value(await api.call('records.validate', { key, text: good }))).toMatchObject({ ok: true, problems: [] });
    const broken = structuredClone(record.value);
    broken.conversations[2].from = 'robot';
    const badText = JSON.stringify(broken, null, 2);
    const bad = value(await api.call('records.validate', { key, text: badText })) as { ok: boolean; problems: { line: number; message: string }[] };
    expect(bad.ok).toBe(false);
    expect(bad.problems[0].message).toMatch(/conversations\[2\]\.from/);
    expect(badText.split('\n')[bad.problems[0].line - 1]).toContain('"robot"');
    const syntax = value(await api.call('records.validate', { key, text: '{"id": "x",\n "conversations": [}' })) as { problems: { line: number; message: string }[] };
    expect(syntax.problems[0]).toMatchObject({ line: 2, message: expect.stringMatching(/^Not valid JSON/) });
  });

  it('rewrites a record from edited turns in its own format', async () => {
    const api = await opened();
    const page = value(await api.call('records.page', { offset: 0, limit: 1 })) as { rows: { key: string }[] };
    const record = value(await api.call('records.get', { key: page.rows[0].key })) as { conversation: { turns: { text: string; loss: boolean | null }[] } };
    const turns = record.conversation.turns.map((turn, index) => (index === 2 ? { ...turn, text: 'edited text' } : index === 3 ? { ...turn, loss: false } : turn));
    const rewritten = value(await api.call('records.rewrite', { key: page.rows[0].key, turns })) as { value: { id: string; conversations: { value: string; loss?: boolean }[] }; text: string };
    expect(rewritten.value.id).toBe('webshop_sneakers0_clean_0');
    expect(rewritten.value.conversations[2].value).toBe('edited text');
    expect(rewritten.value.conversations[3].loss).toBe(false);
    expect(JSON.parse(rewritten.text)).toEqual(rewritten.value);
  });
});

describe('review handlers', () => {
  it('writes a review file atomically and reads it back', async () => {
    const api = makeApi();
    const lines = [
      { key: 'abc:os_1', decision: 'accept', by: 'tester', at: '2025-01-01T00:00:00.000Z' },
      { key: 'abc:os_2', decision: 'reject', reason: 'bad format', note: 'broken <b>', by: 'tester', at: '2025-01-01T00:00:01.000Z' },
    ];
    const written = value(await api.call('review.write', { path: 'reviews/one.jsonl', lines })) as { path: string; lines: number; bytes: number };
    expect(written.path).toBe(join(api.services.host.dataDir, 'reviews/one.jsonl'));
    const text = await readFile(written.path, 'utf8');
    expect(text.split('\n')).toHaveLength(3);
    expect(Buffer.byteLength(text)).toBe(written.bytes);
    expect(value(await api.call('review.read', { path: written.path }))).toEqual({ path: written.path, lines, problems: [] });
  });

  it('reads the good lines of a damaged review file and says what is wrong with the rest', async () => {
    const api = makeApi();
    const path = join(api.services.host.dataDir, 'damaged.jsonl');
    await writeFile(path, '\uFEFF{"key":"abc:1","decision":"accept","by":"a","at":"2025-01-01T00:00:00Z"}\r\n{"key":"abc:2",\n\n{"key":"abc:3","decision":"maybe","by":"a","at":"2025-01-01T00:00:00Z"}\n');
    const result = value(await api.call('review.read', { path })) as { lines: unknown[]; problems: { line: number; message: string }[] };
    expect(result.lines).toHaveLength(1);
    expect(result.problems).toEqual([{ line: 2, message: expect.stringMatching(/^not JSON/) }, { line: 4, message: expect.stringMatching(/^not a review line \(decision:/) }]);
    expect(await api.call('review.read', { path: join(api.services.host.dataDir, 'missing.jsonl') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
  });
});

describe('app, dialogs and jobs handlers', () => {
  it('describes the host', async () => {
    const api = makeApi();
    expect(value(await api.call('app.info', {}))).toMatchObject({ name: 'AgentMix Studio', transport: 'websocket', nativeDialogs: false, user: 'tester' });
  });

  it('says dialogs are unsupported without a desktop, and uses them with one', async () => {
    expect(value(await makeApi().call('dialogs.openFiles', {}))).toEqual({ supported: false, paths: [] });
    const elsewhere = mkdtempSync(join(tmpdir(), 'agentmix-chosen-'));
    const chosen = join(elsewhere, 'a.json');
    writeFileSync(chosen, '[]');
    const api = makeApi({ dialogs: { openFiles: async () => [chosen], saveFile: async () => join(elsewhere, 'b.jsonl'), reveal: () => undefined } });
    expect(value(await api.call('dialogs.openFiles', { title: 'Open shards' }))).toEqual({ supported: true, paths: [chosen] });
    expect(value(await api.call('dialogs.saveFile', {}))).toEqual({ supported: true, path: join(elsewhere, 'b.jsonl') });
  });

  itWithData('reveals an existing file in the desktop shell only, and refuses paths that are not files', async () => {
    const file = dataFile('eto-sample/sample_raw.json');
    expect(value(await makeApi().call('dialogs.reveal', { path: file }))).toEqual({ supported: false });
    const revealed: string[] = [];
    const api = makeApi({ dialogs: { openFiles: async () => [], saveFile: async () => null, reveal: (path) => revealed.push(path) } });
    expect(value(await api.call('dialogs.reveal', { path: file }))).toEqual({ supported: true });
    expect(revealed).toEqual([file]);
    expect(await api.call('dialogs.reveal', { path: `${file}.missing` })).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringContaining('no such file') } });
    expect(await api.call('dialogs.reveal', { path: dataFile('eto-sample') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(await api.call('dialogs.reveal', { path: 'relative/file.json' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(await api.call('dialogs.reveal', { path: '' })).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    expect(revealed).toEqual([file]);
  });

  it('cancels a running job', async () => {
    const api = makeApi();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const running = api.services.jobs.run('index', 'slow', async (control) => {
      await gate;
      control.signal.throwIfAborted();
    });
    expect(value(await api.call('jobs.list', {}))).toMatchObject({ jobs: [{ jobId: 1, label: 'slow' }] });
    expect(value(await api.call('jobs.cancel', { jobId: 1 }))).toEqual({ canceled: true, running: 1 });
    release();
    await expect(running).rejects.toMatchObject({ name: 'AbortError' });
    expect(api.events.at(-1)).toMatchObject({ event: 'onDidFinishJob', payload: { outcome: 'canceled' } });
    expect(value(await api.call('jobs.cancel', { jobId: 1 }))).toEqual({ canceled: false, running: 0 });
  });
});

describeWithData('recipe and pipeline handlers', () => {
  it('opens a recipe with its sources, runs the pipeline as a job and shows verdicts in pages and records', async () => {
    const api = makeApi();
    expect(await api.call('pipeline.run', {})).toMatchObject({ ok: false, error: { code: 'unsupported', message: expect.stringMatching(/no recipe is open/) } });
    const recipePath = join(api.services.host.dataDir, 'recipe.json');
    await writeFile(recipePath, JSON.stringify({ description: 'test', sources: [{ path: WEBSHOP, role: 'agent' }, { path: FASTCHAT, role: 'general' }] }));
    const opened = value(await api.call('recipe.open', { path: recipePath })) as { recipe: { file: string; sources: number }; opened: number[] };
    expect(opened.recipe).toMatchObject({ file: recipePath, sources: 2 });
    expect(opened.opened).toEqual([0, 1]);
    expect(api.events.filter((event) => event.event === 'onDidChangeRecipe')).toHaveLength(1);
    expect(value(await api.call('recipe.current', {}))).toMatchObject({ recipe: { file: recipePath } });
    expect((value(await api.call('records.page', { offset: 0, limit: 1 })) as { rows: { verdict: unknown }[] }).rows[0].verdict).toBeNull();

    const summary = value(await api.call('pipeline.run', {})) as { records: number; kept: number; dropped: number };
    expect(summary.records).toBe(550);
    expect(summary.kept + summary.dropped).toBe(550);
    expect(api.events.map((event) => event.event)).toContain('onDidFinishJob');
    expect(api.events.at(-1)).toMatchObject({ event: 'onDidChangeRecipe', payload: { runs: 1 } });
    const dropped = value(await api.call('records.page', { offset: 0, limit: 3, view: { filters: [{ kind: 'text', column: 'verdict', operator: 'startsWith', value: 'dropped' }] } })) as { rows: { key: string; turns: number; verdict: { kept: boolean; reason: string } }[]; total: number };
    expect(dropped.total).toBe(summary.dropped);
    expect(dropped.rows[0]).toMatchObject({ turns: 2, verdict: { kept: false, reason: expect.stringMatching(/fewer than 4 turns/) } });
    const record = value(await api.call('records.get', { key: dropped.rows[0].key })) as { verdict: { reasons: { turn: number | null }[] } };
    expect(record.verdict.reasons[0].turn).toBe(0);
  });
});
