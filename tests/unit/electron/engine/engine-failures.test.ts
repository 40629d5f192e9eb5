import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { dataFile } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

describeWithData('Engine when things go wrong mid-ingest', () => {
  const engines: Engine[] = [];
  afterAll(() => Promise.all(engines.map((engine) => engine.dispose())));

  it('stops on an abort during the read and keeps nothing of that source', async () => {
    const engine = new Engine({ workers: 2, chunkBytes: 4096 });
    engines.push(engine);
    await engine.openSources([dataFile('eto-sample/sample_raw.json')]);
    const before = engine.index.count;
    const controller = new AbortController();
    const opening = engine.openSources([dataFile('fastchat-sharegpt/dummy_conversation.json')], {}, { signal: controller.signal, onProgress: (progress) => progress.done > 20_000 && controller.abort() });
    await expect(opening).rejects.toMatchObject({ name: 'AbortError' });
    expect(engine.index.count).toBe(before);
    expect(engine.listSources()).toHaveLength(1);
    // Still usable afterwards.
    const [info] = await engine.openSources([dataFile('fastchat-sharegpt/dummy_conversation.json')]);
    expect(info.records).toBe(500);
  });

  it('reports the file whose worker thread died as one unreadable source, keeps none of its records, and stays usable', async () => {
    process.env.AGENTMIX_TEST_CRASH_MARKER = join(mkdtempSync(join(tmpdir(), 'agentmix-crash-')), 'crashed');
    const engine = new Engine({ workers: 1, chunkBytes: 4096, workerUrl: new URL('./crashing-worker.mjs', import.meta.url) });
    engines.push(engine);
    const path = dataFile('fastchat-sharegpt/dummy_conversation.json');
    const [failed] = await engine.openSources([path]);
    expect(failed).toMatchObject({ path, container: 'unreadable', records: 0, errorCount: 1 });
    expect(failed.readFailure).toMatch(/reading the file failed: the worker thread running "parse-records" stopped unexpectedly.*replaced it/);
    expect(failed.errors[0]).toMatchObject({ file: path, line: 0, offset: 0 });
    expect(engine.index.count).toBe(0);
    const [info] = await engine.openSources([dataFile('eto-sample/sample_raw.json')]);
    expect(info.records).toBe(3);
  });
});
