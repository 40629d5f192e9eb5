/**
 * Pay only for what is on (docs/scale.md): a run measures the filters that are on (and those another
 * stage reads); a filter switched on later is measured then, with the same scores and verdicts as a
 * run that measured it from the start; an export after a run without token counts counts them.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { recipeFromText, type LoadedRecipe } from '../../../../../electron/engine/pipeline/load-recipe';
import { filtersToMeasure } from '../../../../../electron/engine/pipeline/measure-needs';
import type { PipelineResult } from '../../../../../electron/engine/pipeline/pipeline-result';
import { FILTER_SCORES } from '../../../../../shared/filters/scores';
import { recipeSchema } from '../../../../../shared/recipe/schema';
import { describeWithData } from '../../../../helpers/with-data';
import { writePlantedCorpus, type PlantedCorpus } from './planted-corpus';

/** The recipe with some filters switched off, and maybe an export. */
function variant(corpus: PlantedCorpus, off: string[], extra: Record<string, unknown> = {}): LoadedRecipe {
  const value = JSON.parse(readFileSync(corpus.recipe, 'utf8')) as { filters?: Record<string, Record<string, unknown>> };
  value.filters ??= {};
  for (const name of off) value.filters[name] = { ...value.filters[name], enabled: false };
  return recipeFromText(JSON.stringify({ ...value, ...extra }), corpus.recipe);
}

const lines = (result: PipelineResult): string[] => Array.from({ length: result.count }, (_, record) => JSON.stringify(result.verdict(record)));

describe('filtersToMeasure', () => {
  const parse = (value: Record<string, unknown>) => recipeSchema.parse({ sources: [{ path: 'x.json' }], ...value });
  it('measures the enabled filters, the reward for the keep policy, and the tokens for an export', () => {
    const off = Object.fromEntries(['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe', 'length'].map((name) => [name, { enabled: false }]));
    expect(filtersToMeasure(parse({ filters: off }))).toEqual(['reward']);
    expect(filtersToMeasure(parse({ filters: off, dedup: { keep: ['longest'] } }))).toEqual([]);
    expect(filtersToMeasure(parse({ filters: off, dedup: { enabled: false } }))).toEqual([]);
    expect(filtersToMeasure(parse({ filters: off, dedup: { keep: ['longest'] } }), { exporting: true })).toEqual(['length']);
    expect(filtersToMeasure(parse({ filters: off, dedup: { keep: ['longest'] }, mix: { by: 'tokens' } }))).toEqual(['length']);
    expect(filtersToMeasure(parse({}))).toEqual(['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe', 'length']);
  });
});

describeWithData('measuring what is on, and the rest later', () => {
  let corpus: PlantedCorpus;
  let engine: Engine;
  let partial: PipelineResult;

  beforeAll(async () => {
    corpus = writePlantedCorpus();
    engine = new Engine({ workers: 2 });
    partial = await engine.runPipeline(variant(corpus, ['refusal', 'unsafe', 'length']));
  }, 120_000);
  afterAll(() => engine.dispose());

  it('stores no scores of the filters that were off', () => {
    expect([...partial.measured.filters].sort()).toEqual(['format', 'repetition', 'reward', 'structure']);
    for (const name of [...FILTER_SCORES.refusal, ...FILTER_SCORES.unsafe, ...FILTER_SCORES.length]) expect(partial.measured.scores.has(name), name).toBe(false);
    expect(partial.measured.scores.has('malformedTurns')).toBe(true);
    expect(partial.verdict(0).scores.tokens).toBeUndefined();
  });

  it('refuses to judge a filter it did not measure, naming it', () => {
    const on = structuredClone(partial.recipe);
    on.filters.refusal.enabled = true;
    expect(() => partial.rejudge(on)).toThrow(/refusal measured first/);
  });

  it('measures a filter switched on later with the scores and verdicts of a run that measured it', async () => {
    const progress: number[] = [];
    expect(await engine.measureFilters(['refusal', 'unsafe', 'reward'], { onProgress: (event) => progress.push(event.done) })).toEqual(['refusal', 'unsafe']);
    expect(progress.at(-1)).toBe(partial.count);
    const on = structuredClone(partial.recipe);
    on.filters.refusal.enabled = true;
    on.filters.unsafe.enabled = true;
    partial.rejudge(on);
    const referenceEngine = new Engine({ workers: 1 });
    const reference = await referenceEngine.runPipeline(variant(corpus, ['length']));
    await referenceEngine.dispose();
    for (const name of [...FILTER_SCORES.refusal, ...FILTER_SCORES.unsafe]) expect(Array.from(partial.measured.scores.get(name) ?? []), name).toEqual(Array.from(reference.measured.scores.get(name) ?? []));
    expect(lines(partial)).toEqual(lines(reference));
    expect(partial.judgment.kept.reduce((sum, value) => sum + value, 0)).toBeLessThan(partial.count);
  }, 120_000);

  it('counts tokens before an export when the run did not, and exports what a run that counted them exports', async () => {
    const out = join(corpus.folder, 'out');
    const first = await engine.exportMix({ export: { format: 'sharegpt-jsonl', out: join(out, 'later.jsonl') } }, { now: () => new Date(0) });
    expect(partial.measured.filters.has('length')).toBe(true);
    const counted = new Engine({ workers: 2 });
    // The same settings as the engine's result now holds (refusal and unsafe switched on above, length off).
    await counted.runPipeline(variant(corpus, ['length']), { exporting: true });
    expect(counted.pipeline?.measured.filters.has('length')).toBe(true);
    const second = await counted.exportMix({ export: { format: 'sharegpt-jsonl', out: join(out, 'counted.jsonl') } }, { now: () => new Date(0) });
    await counted.dispose();
    expect(second.manifest.mix.achieved).toEqual(first.manifest.mix.achieved);
    expect(second.manifest.mix.achieved.train.tokens.agent).toBeGreaterThan(0);
    expect(readFileSync(second.outputs[0].path, 'utf8')).toBe(readFileSync(first.outputs[0].path, 'utf8'));
  }, 120_000);
});
