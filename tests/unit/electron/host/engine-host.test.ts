import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HostSettings } from '../../../../shared/api/host-protocol';
import { createHostApi } from '../../../../electron/engine/api/host-api';
import { REPO_ROOT } from '../../../helpers/data';
import { forkHost, runDemoExport, type ForkedHost } from '../../../helpers/engine-host';

/**
 * The compiled engine host, out/engine/host.mjs (what the desktop app runs in its utility
 * process), started under Node and driven over its parent channel as the shell drives it.
 * out/ is built by `npm ci` and `npm run build`; tests/helpers/compiled-engine.ts rebuilds it when
 * the sources are newer.
 */
const HOST = join(REPO_ROOT, 'out/engine/host.mjs');
const DEMO = join(REPO_ROOT, 'resources/samples');
const RECIPE = join(DEMO, 'mix-export.recipe.json');

function settings(overrides: Partial<HostSettings> = {}): HostSettings {
  return { version: '9.9.9-test', dataDir: mkdtempSync(join(tmpdir(), 'agentmix-host-data-')), demoDir: DEMO, user: 'tester', dialogs: true, workers: 1, open: 'nothing', ...overrides };
}

describe('the compiled engine host', () => {
  let host: ForkedHost;
  const saveAs = join(mkdtempSync(join(tmpdir(), 'agentmix-host-save-')), 'chosen.json');
  // The engine writes only where the user allowed (docs/security.md): the data folder, or a folder chosen in a dialog.
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-host-data-'));

  beforeAll(async () => {
    expect(existsSync(HOST), `${HOST} is missing: run npm run build`).toBe(true);
    host = await forkHost(HOST, settings({ dataDir }), { answerDialog: (request) => (request.op === 'openFiles' ? [RECIPE] : request.op === 'saveFile' ? saveAs : null) });
  });

  afterAll(async () => {
    await host?.stop();
  });

  it('answers app.info from the settings it was started with', async () => {
    expect(await host.value('app.info', {})).toMatchObject({ version: '9.9.9-test', transport: 'ipc', nativeDialogs: true, demoDir: DEMO, user: 'tester' });
  });

  it('runs the demo recipe and exports the same bytes as the engine running from source', async () => {
    const compiled = await runDemoExport(host, RECIPE, join(dataDir, 'export/mix.json'));
    expect(compiled.records).toBeGreaterThan(0);
    expect(compiled.kept).toBeGreaterThan(0);
    expect(compiled.kept).toBeLessThan(compiled.records);
    expect(compiled.stages.length).toBeGreaterThan(0);

    const source = createHostApi({ host: { transport: 'ipc', version: '9.9.9-test', dataDir: tmpdir(), demoDir: DEMO, user: userInfo().username, dialogs: null }, engine: { workers: 1 } });
    try {
      const fromSource = await runDemoExport(
        {
          events: [],
          value: async (name, request) => {
            const result = await source.call(name, request);
            if (!result.ok) throw new Error(`${name}: ${result.error.message}`);
            return result.value as never;
          },
          nextEvent: (name) => new Promise((resolve) => source.hub.listen((event, payload) => event === name && resolve(payload))),
        },
        RECIPE,
        join(mkdtempSync(join(tmpdir(), 'agentmix-source-out-')), 'mix.json'),
      );
      expect(compiled.kept).toBe(fromSource.kept);
      expect(compiled.outputs.map((output) => [output.split, output.records, output.sha256])).toEqual(fromSource.outputs.map((output) => [output.split, output.records, output.sha256]));
    } finally {
      await source.dispose();
    }
    const train = compiled.outputs.find((output) => output.split === 'train');
    expect(JSON.parse(readFileSync(train!.path, 'utf8'))).toHaveLength(train!.records);
  });

  it('refuses bad requests, unknown calls and frames that are not calls, and keeps serving', async () => {
    const bad = await host.call('records.page', { offset: -1, limit: 5 } as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const unknown = await host.call('engine.format' as never, {} as never);
    expect(unknown).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    host.send({ type: 'call', id: 'x', name: 'app.info' });
    host.send('not even an object');
    expect(await host.value('sources.list', {})).toHaveProperty('sources');
    // Both bad messages are reported on stderr, which arrives on its own pipe.
    await host.stderrMatching(/(ignored a message from the parent that is not part of the protocol[^]*){2}/);
  });

  it('asks its parent for native dialogs and hands back their answers', async () => {
    expect(await host.value('dialogs.openFiles', { title: 'Open recipe', multiple: false })).toEqual({ supported: true, paths: [RECIPE] });
    expect(await host.value('dialogs.saveFile', { title: 'Export', defaultPath: 'mix.json' })).toEqual({ supported: true, path: saveAs });
    expect(await host.value('dialogs.reveal', { path: RECIPE })).toEqual({ supported: true });
    expect(host.dialogs).toEqual([
      { op: 'openFiles', options: { title: 'Open recipe', multiple: false } },
      { op: 'saveFile', options: { title: 'Export', defaultPath: 'mix.json' } },
      { op: 'reveal', path: RECIPE },
    ]);
    // A path that is not a file is refused before the parent is asked.
    expect(await host.call('dialogs.reveal', { path: join(DEMO, 'no-such-file.json') })).toMatchObject({ ok: false, error: { code: 'not-found' } });
    expect(host.dialogs).toHaveLength(3);
  });

  it('exports only where the user allowed: a path chosen in the save dialog is the grant', async () => {
    const elsewhere = join(mkdtempSync(join(tmpdir(), 'agentmix-host-elsewhere-')), 'mix.json');
    expect(await host.call('export.run', { options: { out: elsewhere } })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(existsSync(elsewhere)).toBe(false);
    expect(await host.value('dialogs.saveFile', { title: 'Export the mix to' })).toEqual({ supported: true, path: saveAs });
    expect(host.dialogs.at(-1)).toEqual({ op: 'saveFile', options: { title: 'Export the mix to' } });
    const exported = await host.value('export.run', { options: { out: saveAs } });
    expect(exported.outputs.find((output) => output.split === 'train')?.path).toBe(saveAs);
  });

  it('turns menu commands from its parent into onDidRequestCommand events', async () => {
    const event = host.nextEvent('onDidRequestCommand');
    host.send({ type: 'command', command: 'export' });
    expect(await event).toEqual({ command: 'export' });
  });

  it('cancels a running job over the channel: the call fails as canceled, the job ends canceled, the host keeps serving', async () => {
    // The test hold keeps the pipeline job running until it is canceled, so the cancel cannot race its end.
    const held = await forkHost(HOST, settings({ testHold: { kind: 'pipeline', stage: 'measure' } }));
    try {
      await held.value('recipe.open', { path: RECIPE });
      const started = held.nextEvent('onDidStartJob', (payload) => (payload as { kind: string }).kind === 'pipeline');
      const finished = held.nextEvent('onDidFinishJob', (payload) => (payload as { kind: string }).kind === 'pipeline');
      const run = held.call('pipeline.run', {});
      const { jobId } = (await started) as { jobId: number };
      expect(await held.value('jobs.list', {})).toMatchObject({ jobs: [{ jobId, kind: 'pipeline' }] });
      expect(await held.value('jobs.cancel', { jobId })).toEqual({ canceled: true, running: 1 });
      expect(await run).toMatchObject({ ok: false, error: { code: 'canceled' } });
      expect(await finished).toMatchObject({ jobId, outcome: 'canceled' });
      expect(await held.value('jobs.list', {})).toEqual({ jobs: [] });
      expect(await held.value('jobs.cancel', { jobId })).toEqual({ canceled: false, running: 0 });
      await held.stderrMatching(/a test hold is set: pipeline jobs wait after their "measure" stage/);
    } finally {
      expect(await held.stop()).toBe(0);
    }
  });

  it('opens the demo at start when asked, and exits with 0 on stop', async () => {
    const demo = await forkHost(HOST, settings({ open: 'demo' }));
    try {
      const sources = await demo.value('sources.list', {});
      expect(sources.sources.length).toBeGreaterThan(0);
    } finally {
      expect(await demo.stop()).toBe(0);
    }
  });
});
