import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Response } from '../../../../../shared/api';
import { createHostApi, type HostApi } from '../../../../../electron/engine/api/host-api';
import { dataFile, REPO_ROOT } from '../../../../helpers/data';
import { describeWithData } from '../../../../helpers/with-data';
import { testAccess } from './helpers';

const WEBSHOP = dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json');
const FASTCHAT = dataFile('fastchat-sharegpt/dummy_conversation.json');
const KG_TEST = dataFile('agentbench-old-testsets/knowledgegraph/dev.json');

let api: HostApi;

async function call<T>(name: string, request: unknown): Promise<T> {
  const result = await api.call(name, request);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
}

beforeAll(() => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-host-'));
  api = createHostApi({
    host: { transport: 'websocket', version: 'test', dataDir, demoDir: join(REPO_ROOT, 'resources/samples'), user: 'tester', dialogs: null },
    engine: { workers: 1 },
    access: testAccess(dataDir),
  });
});

afterAll(async () => {
  await api.dispose();
});

describeWithData('the API over the real engine', () => {
  it('opens real shards and an evaluation set, which it explains instead of indexing', async () => {
    const agent = await call<Response<'sources.open'>>('sources.open', { paths: [WEBSHOP], role: 'agent' });
    expect(agent.sources[0]).toMatchObject({ format: 'agentinstruct', role: 'agent', records: 50, errorCount: 0, notice: null });
    await call('sources.open', { paths: [FASTCHAT], role: 'general' });
    const evaluation = await call<Response<'sources.open'>>('sources.open', { paths: [KG_TEST] });
    const kg = evaluation.sources.find((source) => source.path === KG_TEST);
    expect(kg?.records).toBe(0);
    expect(kg?.notice).toMatch(/\w/);
    const page = await call<Response<'records.page'>>('records.page', { offset: 0, limit: 5, view: { sort: [{ column: 'turns', direction: 'desc' }] } });
    expect(page.total).toBe(550);
    expect(page.rows[0].turns).toBeGreaterThanOrEqual(page.rows[4].turns);
  });

  it('opens a record, validates edits with the real format and rewrites turns in it', async () => {
    const page = await call<Response<'records.page'>>('records.page', { offset: 0, limit: 1, view: { search: 'webshop_sneakers0_clean_0' } });
    const key = page.rows[0].key;
    expect(key).toMatch(/^[0-9a-f]{8}:webshop_sneakers0_clean_0$/);
    expect(page.rows[0]).toMatchObject({ task: 'webshop', trained: expect.any(Number), masked: 1 });
    const record = await call<Response<'records.get'>>('records.get', { key });
    expect(record.format).toBe('agentinstruct');
    expect(record.conversation.turns[1]).toMatchObject({ role: 'assistant', text: 'Ok.', loss: false });
    expect(JSON.parse(record.text)).toEqual(record.value);

    const bad = structuredClone(record.value) as { conversations: { from: string }[] };
    bad.conversations[4].from = 'wizard';
    const badText = JSON.stringify(bad, null, 2);
    const validation = await call<Response<'records.validate'>>('records.validate', { key, text: badText });
    expect(validation.ok).toBe(false);
    expect(validation.problems[0].message).toMatch(/conversations\[4\]/);
    expect(badText.split('\n').slice(validation.problems[0].line - 1, validation.problems[0].endLine).join('\n')).toContain('wizard');

    const turns = record.conversation.turns.map((turn, index) => (index === 3 ? { ...turn, text: 'Thought:\nedited\n\nAction:\nsearch[shoes]', loss: false } : turn));
    const rewritten = await call<Response<'records.rewrite'>>('records.rewrite', { key, turns });
    const conversations = (rewritten.value as { conversations: { value: string; loss: boolean | null }[] }).conversations;
    expect(conversations[3]).toMatchObject({ value: 'Thought:\nedited\n\nAction:\nsearch[shoes]', loss: false });
    expect((await call<Response<'records.validate'>>('records.validate', { key, text: rewritten.text })).ok).toBe(true);
  });

  it('closes a source and drops its rows from the pages', async () => {
    const sources = (await call<Response<'sources.list'>>('sources.list', {})).sources;
    const fastchat = sources.find((source) => source.path === FASTCHAT)!;
    await call('sources.close', { sourceId: fastchat.sourceId });
    expect((await call<Response<'records.page'>>('records.page', { offset: 0, limit: 1 })).total).toBe(50);
  });
});

describe('the demo recipe over the real engine', () => {
  it('opens the demo recipe, runs its pipeline and fills the verdict columns', async () => {
    const demo = createHostApi({
      host: { transport: 'websocket', version: 'test', dataDir: mkdtempSync(join(tmpdir(), 'agentmix-demo-')), demoDir: join(REPO_ROOT, 'resources/samples'), user: 'tester', dialogs: null },
      engine: { workers: 1 },
    });
    try {
      const result = await demo.call('recipe.openDemo', {});
      if (!result.ok) throw new Error(result.error.message);
      const opened = result.value as Response<'recipe.openDemo'>;
      expect(opened.recipe.file).toMatch(/agentbench\.recipe\.json$/);
      expect(opened.sources.map((source) => [source.name, source.role, source.records])).toEqual([
        ['agentinstruct.json', 'agent', 71],
        ['agent-runs.jsonl', 'agent', 7],
        ['sharegpt.json', 'general', 347],
        ['openai.jsonl', 'general', 38],
      ]);
      const run = await demo.call('pipeline.run', {});
      if (!run.ok) throw new Error(run.error.message);
      const summary = run.value as Response<'pipeline.run'>;
      expect(summary.records).toBe(463);
      expect(summary.dropped).toBe(22);
      expect(summary.kept).toBeGreaterThan(0);
      const pageResult = await demo.call('records.page', { offset: 0, limit: 1000 });
      if (!pageResult.ok) throw new Error(pageResult.error.message);
      const rows = (pageResult.value as Response<'records.page'>).rows;
      expect(rows.every((row) => row.verdict !== null && row.leakageScore !== null)).toBe(true);
      // The Tokens column shows the length filter's Llama-2 count: more than zero, fewer than characters.
      expect(rows.every((row) => row.tokens !== null && row.tokens > 0 && row.tokens < row.chars)).toBe(true);
      expect(rows.filter((row) => row.verdict?.kept === false)).toHaveLength(summary.dropped);
      const dropped = rows.find((row) => row.verdict?.kept === false);
      if (dropped) {
        const record = await demo.call('records.get', { key: dropped.key });
        if (!record.ok) throw new Error(record.error.message);
        const verdict = (record.value as Response<'records.get'>).verdict;
        expect(verdict?.kept).toBe(false);
        expect(verdict?.reasons[0].message).toBe(dropped.verdict?.reason);
      }

      // A live re-judge (the filters panel) changes the verdicts the grid pages, and tells the renderers.
      const events: string[] = [];
      const stop = demo.hub.listen((event, payload) => events.push(`${event} ${JSON.stringify(payload)}`));
      const applied = await demo.call('filters.apply', { filters: { length: { maxTokens: 500 } } });
      stop();
      if (!applied.ok) throw new Error(applied.error.message);
      const counts = (applied.value as Response<'filters.apply'>).counts;
      expect(counts.dropped).toBeGreaterThan(summary.dropped);
      expect(events).toEqual(['onDidChangeVerdicts {"rejudges":1}']);
      const rejudged = await demo.call('records.page', { offset: 0, limit: 1000 });
      if (!rejudged.ok) throw new Error(rejudged.error.message);
      expect((rejudged.value as Response<'records.page'>).rows.filter((row) => row.verdict?.kept === false)).toHaveLength(counts.dropped);
    } finally {
      await demo.dispose();
    }
  });
});
