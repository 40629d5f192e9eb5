/**
 * The filters panel switching on a filter the run did not measure (docs/scale.md, "Pay only for
 * what is on"): `filters.apply` measures it as a job (start, progress, finish events), re-judges,
 * and says what it measured; the counts equal those of a run that measured it from the start.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { Response } from '../../../../../shared/api';
import { createHostApi, type HostApi } from '../../../../../electron/engine/api/host-api';
import { REPO_ROOT } from '../../../../helpers/data';
import { testAccess } from './helpers';

const SAMPLES = join(REPO_ROOT, 'resources/samples');

/** The demo recipe with absolute paths and some filters switched off, written into `folder`. */
function demoRecipe(folder: string, off: string[]): string {
  const recipe = JSON.parse(readFileSync(join(SAMPLES, 'agentbench.recipe.json'), 'utf8')) as Record<string, unknown> & {
    sources: { path: string }[];
    evalSets: { path: string }[];
    filters: Record<string, Record<string, unknown>>;
  };
  delete recipe.$schema;
  delete recipe.export;
  for (const entry of [...recipe.sources, ...recipe.evalSets]) entry.path = resolve(SAMPLES, entry.path);
  for (const name of off) recipe.filters[name] = { ...recipe.filters[name], enabled: false };
  const file = join(folder, `recipe-${off.join('-')}.json`);
  writeFileSync(file, JSON.stringify(recipe));
  return file;
}

async function call<T>(api: HostApi, name: string, request: unknown): Promise<T> {
  const result = await api.call(name, request);
  if (!result.ok) throw new Error(`${name} failed: ${result.error.message}`);
  return result.value as T;
}

/** A host over the real engine, with its data folder (where the test writes its recipes). */
function hostApi(): { api: HostApi; dataDir: string } {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-host-'));
  const api = createHostApi({
    host: { transport: 'websocket', version: 'test', dataDir, demoDir: SAMPLES, user: 'tester', dialogs: null },
    engine: { workers: 1 },
    access: testAccess(dataDir),
  });
  return { api, dataDir };
}

describe('switching on a filter the run did not measure', () => {
  it('measures it as a job, then judges it live like the others', async () => {
    const { api, dataDir } = hostApi();
    const { api: reference, dataDir: referenceDir } = hostApi();
    try {
      await call(api, 'recipe.open', { path: demoRecipe(dataDir, ['refusal', 'length']) });
      await call(api, 'pipeline.run', {});
      const state = await call<Response<'filters.state'>>(api, 'filters.state', { scores: ['tokens', 'refusalMatches'] });
      expect(state.measured.sort()).toEqual(['format', 'repetition', 'reward', 'structure', 'unsafe']);
      expect(state.histograms).toEqual([]);

      const events: string[] = [];
      const stop = api.hub.listen((event, payload) => events.push(`${event} ${JSON.stringify(payload)}`));
      const filters = { ...(state.filters as Record<string, Record<string, unknown>>) };
      filters.length = { ...filters.length, enabled: true, maxTokens: 1000 };
      const applied = await call<Response<'filters.apply'>>(api, 'filters.apply', { filters });
      stop();
      expect(applied).toMatchObject({ applied: true, measured: ['length'] });
      expect(events.some((event) => event.startsWith('onDidStartJob') && event.includes('Measuring the length filter'))).toBe(true);
      expect(events.some((event) => event.startsWith('onDidProgress') && event.includes('"stage":"measure"'))).toBe(true);
      expect(events.some((event) => event.startsWith('onDidFinishJob') && event.includes('"outcome":"done"'))).toBe(true);
      expect(events.at(-1)).toMatch(/^onDidChangeVerdicts/);
      const after = await call<Response<'filters.state'>>(api, 'filters.state', { scores: ['tokens'] });
      expect(after.measured).toContain('length');
      expect(after.histograms[0].missing).toBe(0);

      // A threshold move of the measured filter is a plain re-judge: nothing more to measure.
      filters.length = { ...filters.length, maxTokens: 800 };
      const moved = await call<Response<'filters.apply'>>(api, 'filters.apply', { filters });
      expect(moved.measured).toEqual([]);

      await call(reference, 'recipe.open', { path: demoRecipe(referenceDir, ['refusal']) });
      await call(reference, 'pipeline.run', {});
      const referenceState = await call<Response<'filters.state'>>(reference, 'filters.state', {});
      const referenceFilters = { ...(referenceState.filters as Record<string, Record<string, unknown>>) };
      referenceFilters.length = { ...referenceFilters.length, maxTokens: 800 };
      const expected = await call<Response<'filters.apply'>>(reference, 'filters.apply', { filters: referenceFilters });
      expect({ ...moved.counts, version: 0 }).toEqual({ ...expected.counts, version: 0 });
      expect(moved.counts.dropped).toBeGreaterThan(0);
    } finally {
      await api.dispose();
      await reference.dispose();
    }
  }, 120_000);
});
