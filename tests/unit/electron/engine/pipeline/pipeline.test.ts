import { basename } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { PipelineResult, type VerdictLine } from '../../../../../electron/engine/pipeline/pipeline-result';
import { pipelineVerdicts } from '../../../../../electron/engine/pipeline/pipeline-verdicts';
import { writePlantedCorpus, type PlantedCorpus } from './planted-corpus';
import { describeWithData } from '../../../../helpers/with-data';

/** Verdicts by `<file without the clean- prefix>/<id>`, so a clean run and a planted run line up. */
function byRecord(result: PipelineResult): Map<string, VerdictLine> {
  const verdicts = new Map<string, VerdictLine>();
  for (let record = 0; record < result.count; record++) {
    const line = result.verdict(record);
    verdicts.set(`${basename(line.source).replace(/^clean-/, '')}/${line.id}`, line);
  }
  return verdicts;
}

/** Runs a recipe on a fresh engine. */
async function run(recipe: string, workers: number): Promise<PipelineResult> {
  const engine = new Engine({ workers });
  try {
    return await engine.runPipeline(await engine.openRecipe(recipe));
  } finally {
    await engine.dispose();
  }
}

describeWithData('the pipeline on real data with planted cases', () => {
  let corpus: PlantedCorpus;
  let planted: PipelineResult;
  let clean: PipelineResult;

  beforeAll(async () => {
    corpus = writePlantedCorpus();
    planted = await run(corpus.recipe, 2);
    clean = await run(corpus.cleanRecipe, 2);
  }, 120_000);

  it('catches every planted case with the right stage, rule and evidence (recall 1)', () => {
    const verdicts = byRecord(planted);
    const missed: string[] = [];
    for (const plant of corpus.plants) {
      const own = verdicts.get(`${plant.file}/${plant.id}`);
      expect(own, `${plant.file}/${plant.id}`).toBeDefined();
      if (own === undefined) continue;
      if (plant.copyOf !== undefined) {
        // Either the copy or its original is dropped, as a duplicate of the other.
        const original = [...verdicts.values()].find((line) => line.id === plant.copyOf && line.key !== own.key);
        const dropped = [own, original].find((line) => line?.reasons.some((reason) => reason.rule === plant.rule));
        const other = dropped === own ? original : own;
        if (dropped === undefined || other === undefined || dropped.duplicateOf !== other.key || dropped.kept) missed.push(`${plant.id}: ${plant.rule}`);
        else expect(dropped.cluster).toBeTypeOf('number');
        continue;
      }
      const caught = own.reasons.find((reason) => reason.rule.startsWith(plant.rule));
      if (caught === undefined || own.kept) missed.push(`${plant.id}: ${plant.rule} (got ${own.reasons.map((reason) => reason.rule).join(', ') || 'kept'})`);
      if (plant.evalSet !== undefined) {
        expect(own.leakage).toMatchObject({ evalSet: plant.evalSet, evalItem: plant.evalItem });
        expect(own.leakage?.spans.length).toBeGreaterThan(0);
      }
    }
    expect(missed).toEqual([]);
  });

  it('drops nothing else: every record that is not planted has its clean verdict (precision 1)', () => {
    const before = byRecord(clean);
    const after = byRecord(planted);
    const plantedRecords = new Set(corpus.plants.flatMap((plant) => [`${plant.file}/${plant.id}`]));
    const originals = new Set(corpus.plants.filter((plant) => plant.copyOf !== undefined).map((plant) => plant.copyOf));
    const changed: string[] = [];
    for (const [record, verdict] of before) {
      const now = after.get(record);
      if (now === undefined || plantedRecords.has(record) || originals.has(verdict.id ?? '')) continue;
      if (now.kept !== verdict.kept) changed.push(`${record}: ${verdict.kept} -> ${now.kept} (${now.reasons.map((reason) => reason.rule).join(', ')})`);
    }
    expect(changed).toEqual([]);
    // The clean data passes the quality filters: the AgentInstruct samples must pass the format filter.
    const formatDrops = [...before.values()].filter((line) => line.reasons.some((reason) => reason.rule.startsWith('format.')));
    expect(formatDrops.map((line) => line.id)).toEqual([]);
  });

  it('explains every dropped record and keeps the evidence the UI shows', () => {
    for (let record = 0; record < planted.count; record++) {
      const line = planted.verdict(record);
      if (!line.kept) expect(line.reasons.length, line.key).toBeGreaterThan(0);
      for (const reason of line.reasons) expect(reason.message.length).toBeGreaterThan(10);
      expect(typeof line.scores.leakage).toBe('number');
    }
    // Scores in columns for the histograms, one Float64Array per score name, one value per record.
    const tokens = planted.measured.scores.get('tokens');
    expect(tokens?.length).toBe(planted.count);
    // Templates were found in the agent sources (the task prompts), and the clusters carry the keep reason.
    expect(planted.clusters.dedup?.templates.some((found) => found.length > 0)).toBe(true);
    expect(planted.clusters.dedup?.assignment.clusters.every((cluster) => ['reward', 'longest', 'first'].includes(cluster.reason))).toBe(true);
    const leaked = [...planted.clusters.leakage.values()].find((verdict) => verdict.score > 0);
    expect(leaked?.matches[0].itemSpans.length).toBeGreaterThan(0);
  });

  it('fills the grid\'s verdict columns', () => {
    const verdicts = pipelineVerdicts(() => planted);
    const version = verdicts.version;
    const leaked = [...planted.clusters.leakage.keys()][0];
    const key = planted.measured.keys[leaked];
    expect(verdicts.leakageOf(key)).toBeGreaterThan(0);
    expect(verdicts.verdictOf(key)).toEqual({ kept: planted.judgment.kept[leaked] === 1, reason: expect.any(String) });
    const duplicate = planted.judgment.duplicateOf.findIndex((kept) => kept !== -1);
    expect(verdicts.clusterOf(planted.measured.keys[duplicate])).toBeTypeOf('number');
    expect(verdicts.verdictOf('00000000:nothing')).toBeNull();
    planted.rejudge(structuredClone(planted.recipe));
    expect(verdicts.version).toBeGreaterThan(version);
  });

  it('gives the same verdicts with 1 worker as with 2', async () => {
    const single = await run(corpus.recipe, 1);
    expect(single.count).toBe(planted.count);
    const lines = (result: PipelineResult): string[] => Array.from({ length: result.count }, (_, record) => JSON.stringify(result.verdict(record)));
    expect(lines(single)).toEqual(lines(planted));
  }, 60_000);

  it('re-judges new thresholds from the stored measurements and refuses changes that need a re-run', () => {
    const keptBefore = planted.judgment.kept.reduce((sum, value) => sum + value, 0);
    const strict = structuredClone(planted.recipe);
    strict.filters.length.maxTokens = 600;
    const { reclustered } = planted.rejudge(strict);
    expect(reclustered).toBe(false);
    const keptStrict = planted.judgment.kept.reduce((sum, value) => sum + value, 0);
    expect(keptStrict).toBeLessThan(keptBefore);
    const looser = structuredClone(planted.recipe);
    looser.filters.length.maxTokens = 4096;
    looser.dedup.near.threshold = 0.95;
    expect(planted.rejudge(looser).reclustered).toBe(true);
    planted.rejudge(structuredClone(planted.loaded.recipe));
    expect(planted.judgment.kept.reduce((sum, value) => sum + value, 0)).toBe(keptBefore);
    // A re-judgment that reuses the unchanged filters' outcomes equals a fresh judgment.
    const moved = structuredClone(planted.loaded.recipe);
    moved.filters.repetition.duplicate5GramShare = 0.3;
    moved.leakage.minItemCoverage = 0.95;
    planted.rejudge(moved);
    const fresh = new PipelineResult({ ...planted.loaded, recipe: moved }, planted.measured, planted.clusters);
    const lines = (result: PipelineResult): string[] => Array.from({ length: result.count }, (_, record) => JSON.stringify(result.verdict(record)));
    expect(lines(planted)).toEqual(lines(fresh));
    const rerun = structuredClone(planted.recipe);
    rerun.leakage.ngram = 10;
    expect(() => planted.rejudge(rerun)).toThrow(/leakage.ngram/);
  });
});
