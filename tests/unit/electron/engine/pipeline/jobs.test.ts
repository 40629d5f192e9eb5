import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import type { Progress } from '../../../../../electron/engine/types';
import { WorkerCrashError } from '../../../../../electron/engine/worker-pool';
import { dataFile, realData } from '../../../../helpers/data';
import { describeWithData } from '../../../../helpers/with-data';

/** A general source of `copies` x 300 real glaive records (ids made unique), and a recipe over it. */
function writeLargeRecipe(folder: string, copies: number): string {
  const records = realData(() => JSON.parse(readFileSync(dataFile('llamafactory-formats', 'glaive_toolcall_en_demo.json'), 'utf8')) as object[]);
  const lines: string[] = [];
  for (let copy = 0; copy < copies; copy++) records.forEach((record, index) => lines.push(JSON.stringify({ ...record, id: `glaive_${copy}_${index}` })));
  writeFileSync(join(folder, 'large.jsonl'), `${lines.join('\n')}\n`);
  const recipe = join(folder, 'large.recipe.json');
  writeFileSync(recipe, JSON.stringify({ sources: [{ path: 'large.jsonl', role: 'general' }] }));
  return recipe;
}

describeWithData('the pipeline as a job', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'agentmix-jobs-'));
  });

  it('reports progress by stage and cancels within a second', async () => {
    const engine = new Engine({ workers: 2 });
    try {
      const recipe = await engine.openRecipe(writeLargeRecipe(folder, 40));
      const controller = new AbortController();
      const events: Progress[] = [];
      let abortedAt = 0;
      const running = engine.runPipeline(recipe, {
        signal: controller.signal,
        onProgress: (progress) => {
          events.push(progress);
          if (progress.stage === 'measure' && progress.done > 0 && abortedAt === 0) {
            abortedAt = performance.now();
            controller.abort();
          }
        },
      });
      await expect(running).rejects.toMatchObject({ name: 'AbortError' });
      const latency = performance.now() - abortedAt;
      expect(abortedAt).toBeGreaterThan(0);
      expect(latency).toBeLessThan(1000);
      expect(events.some((progress) => progress.stage === 'index')).toBe(true);
      const measured = events.filter((progress) => progress.stage === 'measure');
      expect(measured.at(-1)?.done).toBeLessThan(measured.at(-1)?.total ?? 0);
      expect(engine.pipeline).toBeNull();
      // The engine goes on: the same recipe runs to the end afterwards.
      const result = await engine.runPipeline(recipe);
      expect(result.count).toBe(12_000);
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it('fails the job with a clear error when a worker crashes, and the engine keeps running', async () => {
    const engine = new Engine({ workers: 2, workerUrl: new URL('./crash-worker.mjs', import.meta.url) });
    try {
      copyFileSync(dataFile('sharegpt-real-dialogstudio', 'original_example.json'), join(folder, 'crash-me.json'));
      copyFileSync(dataFile('sharegpt-real-dialogstudio', 'original_example.json'), join(folder, 'fine.json'));
      writeFileSync(join(folder, 'crash.recipe.json'), JSON.stringify({ sources: [{ path: 'crash-me.json' }] }));
      writeFileSync(join(folder, 'fine.recipe.json'), JSON.stringify({ sources: [{ path: 'fine.json' }] }));
      const failed = engine.runPipeline(await engine.openRecipe(join(folder, 'crash.recipe.json')));
      await expect(failed).rejects.toBeInstanceOf(WorkerCrashError);
      await expect(failed).rejects.toThrow(/worker thread running "pipeline-measure" stopped unexpectedly/);
      const result = await engine.runPipeline(await engine.openRecipe(join(folder, 'fine.recipe.json')));
      expect(result.count).toBe(5);
      expect(result.verdict(0).key).toMatch(/^[0-9a-f]{8}:/);
    } finally {
      await engine.dispose();
    }
  }, 60_000);
});
