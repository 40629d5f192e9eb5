import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import type { Progress } from '../../../../../electron/engine/types';
import { WorkerCrashError } from '../../../../../electron/engine/worker-pool';
import { chatShard } from '../../../../helpers/chat-shard';

/** A general source of `records` generated chats (tests/helpers/chat-shard.ts), and a recipe over it. */
function writeChatRecipe(folder: string, name: string, records: number): string {
  writeFileSync(join(folder, `${name}.jsonl`), chatShard(records));
  const recipe = join(folder, `${name}.recipe.json`);
  writeFileSync(recipe, JSON.stringify({ sources: [{ path: `${name}.jsonl`, role: 'general' }] }));
  return recipe;
}

describe('the pipeline as a job', () => {
  let folder: string;
  beforeAll(() => {
    folder = mkdtempSync(join(tmpdir(), 'agentmix-jobs-'));
  });

  it('reports progress by stage and stops on cancel, keeping nothing', async () => {
    const engine = new Engine({ workers: 2 });
    try {
      const recipe = await engine.openRecipe(writeChatRecipe(folder, 'large', 6_000));
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
      // Reported, never asserted: timings on a shared machine say nothing about correctness.
      console.info(`pipeline canceled ${Math.round(performance.now() - abortedAt)} ms after the abort`);
      expect(abortedAt).toBeGreaterThan(0);
      expect(events.some((progress) => progress.stage === 'index')).toBe(true);
      const measured = events.filter((progress) => progress.stage === 'measure');
      expect(measured.at(-1)?.done).toBeLessThan(measured.at(-1)?.total ?? 0);
      expect(engine.pipeline).toBeNull();
      // The engine goes on: the same recipe runs to the end afterwards.
      const result = await engine.runPipeline(recipe);
      expect(result.count).toBe(6_000);
    } finally {
      await engine.dispose();
    }
  }, 120_000);

  it('fails the job with a clear error when a worker crashes, and the engine keeps running', async () => {
    const engine = new Engine({ workers: 2, workerUrl: new URL('./crash-worker.mjs', import.meta.url) });
    try {
      const failed = engine.runPipeline(await engine.openRecipe(writeChatRecipe(folder, 'crash-me', 5)));
      await expect(failed).rejects.toBeInstanceOf(WorkerCrashError);
      await expect(failed).rejects.toThrow(/worker thread running "pipeline-measure" stopped unexpectedly/);
      const result = await engine.runPipeline(await engine.openRecipe(writeChatRecipe(folder, 'fine', 5)));
      expect(result.count).toBe(5);
      expect(result.verdict(0).key).toMatch(/^[0-9a-f]{8}:/);
    } finally {
      await engine.dispose();
    }
  }, 60_000);
});
