import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../../../../shared/api';
import { createHostApi } from '../../../../../electron/engine/api/host-api';
import { JobTracker, type JobControl } from '../../../../../electron/engine/api/job-tracker';
import { testHoldFrom } from '../../../../../electron/host/commands/serve';
import { REPO_ROOT } from '../../../../helpers/data';

/** Events a tracker emitted, as `name outcome-or-stage`. */
function recorder() {
  const events: string[] = [];
  const emit = (event: string, payload: unknown): void => {
    const data = payload as { outcome?: string; stage?: string };
    events.push(`${event} ${data.outcome ?? data.stage ?? ''}`.trim());
  };
  return { events, emit };
}

/** A promise and the function that resolves it. */
function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => (resolve = done));
  return { promise, resolve };
}

describe('the test hold of the job tracker', () => {
  it('does nothing without a hold: the job runs through its stages and finishes', async () => {
    const { events, emit } = recorder();
    const jobs = new JobTracker(emit);
    const result = await jobs.run('pipeline', 'Running', async (control) => {
      await control.hold('measure');
      return 7;
    });
    expect(result).toBe(7);
    expect(events).toEqual(['onDidStartJob', 'onDidFinishJob done']);
  });

  it('holds a job of its kind after its stage until the job is canceled, and holds nothing else', async () => {
    const { events, emit } = recorder();
    const jobs = new JobTracker(emit, { kind: 'pipeline', stage: 'measure' });
    const reached = deferred();
    const stages: string[] = [];
    const work = async (control: JobControl): Promise<string> => {
      for (const stage of ['index', 'measure', 'dedup']) {
        if (stage === 'measure') reached.resolve();
        await control.hold(stage);
        stages.push(stage);
      }
      return 'finished';
    };
    // Another kind with the same stage name is not held.
    await expect(jobs.run('export', 'Exporting', work)).resolves.toBe('finished');
    stages.length = 0;
    const held = jobs.run('pipeline', 'Running', work);
    await reached.promise;
    // The stage before went through; the held one has not returned, and the job is still running.
    expect(stages).toEqual(['index']);
    expect(jobs.list().map((job) => job.label)).toEqual(['Running']);
    expect(events.at(-1)).toBe('onDidStartJob');
    expect(jobs.cancel(2)).toBe(true);
    await expect(held).rejects.toMatchObject({ name: 'AbortError' });
    expect(stages).toEqual(['index']);
    expect(events.at(-1)).toBe('onDidFinishJob canceled');
    expect(jobs.size).toBe(0);
  });

  it('is read by agentmix serve from AGENTMIX_TEST_HOLD=<kind>:<stage>, and a bad value is explained', () => {
    expect(testHoldFrom(undefined)).toBeNull();
    expect(testHoldFrom('')).toBeNull();
    expect(testHoldFrom('pipeline:measure')).toEqual({ kind: 'pipeline', stage: 'measure' });
    expect(testHoldFrom('export:write')).toEqual({ kind: 'export', stage: 'write' });
    expect(testHoldFrom('pipeline')).toBe('AGENTMIX_TEST_HOLD takes <kind>:<stage> with a kind of index, pipeline, export (e.g. pipeline:measure), not "pipeline"');
    expect(testHoldFrom('dedup:measure')).toMatch(/^AGENTMIX_TEST_HOLD takes <kind>:<stage>.*not "dedup:measure"$/);
  });

  it('stops a real pipeline run after measuring, before its result is kept, until Cancel', async () => {
    const api = createHostApi({
      host: { transport: 'websocket', version: 'test', dataDir: mkdtempSync(join(tmpdir(), 'agentmix-hold-')), demoDir: join(REPO_ROOT, 'resources/samples'), user: 'tester', dialogs: null },
      engine: { workers: 1 },
      testHold: { kind: 'pipeline', stage: 'measure' },
    });
    try {
      const opened = await api.call('recipe.openDemo', {});
      expect(opened.ok).toBe(true);
      const measured = deferred();
      let jobId = 0;
      const stop = api.hub.listen((event, payload) => {
        const progress = payload as { jobId: number; stage: string; done: number; total: number };
        if (event === 'onDidProgress' && progress.stage === 'measure' && progress.done === progress.total) {
          jobId = progress.jobId;
          measured.resolve();
        }
      });
      const run = api.call('pipeline.run', {});
      await measured.promise;
      // Measured, held: the job is listed, and the engine has no result yet.
      const listed = await api.call('jobs.list', {});
      expect(listed.ok && (listed.value as Response<'jobs.list'>).jobs.map((job) => job.jobId)).toEqual([jobId]);
      expect(api.engine.pipeline).toBeNull();
      expect(await api.call('jobs.cancel', { jobId })).toMatchObject({ ok: true });
      expect(await run).toMatchObject({ ok: false, error: { code: 'canceled' } });
      stop();
      expect(api.engine.pipeline).toBeNull();
    } finally {
      await api.dispose();
    }
  }, 120_000);
});
