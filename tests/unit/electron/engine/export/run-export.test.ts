/**
 * The export after a pipeline run, in process (docs/recipe.md, "Export"): the preview, the manifest's counts against
 * the verdicts, the review rules in what is written (rejected out, override in, edits exported as
 * edited and re-checked), tokens reused from the length filter, the batched reader against
 * `engine.readRecord`, η that cannot be met, cancel, and a source changed since the run.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { sha256File } from '../../../../../electron/engine/export/hash-file';
import { createExportReader } from '../../../../../electron/engine/export/record-reader';
import { planExport } from '../../../../../electron/engine/export/run-export';
import { STAGE_BITS } from '../../../../../electron/engine/pipeline/judge';
import type { PipelineResult } from '../../../../../electron/engine/pipeline/pipeline-result';
import { manifestSchema, NO_TASK, type Manifest } from '../../../../../shared/export/manifest';
import { writeExportCorpus, type ExportCorpus } from './export-corpus';
import { describeWithData } from '../../../../helpers/with-data';

let corpus: ExportCorpus;
let engine: Engine;
let result: PipelineResult;

beforeAll(async () => {
  corpus = writeExportCorpus();
  engine = new Engine({ workers: 2 });
  result = await engine.runPipeline(await engine.openRecipe(corpus.exportRecipe));
}, 120_000);

afterAll(async () => {
  await engine.dispose();
  rmSync(corpus.folder, { recursive: true, force: true });
});

/** The records of a JSON array export. */
function readArray(path: string): { id?: string; conversations: { from: string; value: string }[] }[] {
  return JSON.parse(readFileSync(path, 'utf8')) as { id?: string; conversations: { from: string; value: string }[] }[];
}

describeWithData('engine.previewExport', () => {
  it('says what the export would hold without writing anything', () => {
    const preview = engine.previewExport();
    expect(existsSync(join(corpus.folder, 'out'))).toBe(false);
    expect(preview.out).toEqual({ shown: 'out/mix.json', file: join(corpus.folder, 'out', 'mix.json') });
    expect(preview.validationOut?.shown).toBe('out/mix.validation.json');
    expect(preview.records.train).toBe(preview.groups.reduce((sum, group) => sum + group.train, 0));
    expect(preview.records.validation).toBe(preview.groups.reduce((sum, group) => sum + group.validation, 0));
    const kept = result.judgment.kept.reduce((sum, value) => sum + value, 0);
    expect(preview.groups.reduce((sum, group) => sum + group.kept, 0)).toBe(kept);
    // mix.total 400 at η = 0.2: 80 agent records drawn from the kept ones, 320 general.
    const selected = (role: string) => preview.groups.filter((group) => group.role === role).reduce((sum, group) => sum + group.train + group.validation, 0);
    expect([selected('agent'), selected('general')]).toEqual([80, 320]);
    expect(preview.reachable).toBe(true);
    expect(Math.abs(preview.achieved.train.records.share - 0.2)).toBeLessThan(0.01);
    expect(preview.notes[0]).toMatch(/^agent records down-sampled: 80 of \d+ records drawn with the seed\.$/);
    expect(preview.groups.map((group) => group.source)).toContain('general-dummy.parquet');
  });

  it('applies overrides and says how far off η is and why when it cannot be met', () => {
    const preview = engine.previewExport({ mix: { agentShare: 0.05, upsample: 'none', total: undefined } });
    expect(preview.reachable).toBe(false);
    const note = preview.notes.find((line) => line.startsWith('only ')) ?? '';
    expect(note).toMatch(/η = 0\.\d+ by records, 0\.\d+ above the target 0\.05/);
    expect(note).toMatch(/needs [\d,]+ general records/);
    expect(() => engine.previewExport({ export: { format: 'csv' as never } })).toThrow(/export\.format: expected one of "sharegpt"/);
  });

  it('moves the output beside the recipe\'s when only the format changes', () => {
    const preview = engine.previewExport({ export: { format: 'openai' } });
    expect(preview.out.shown).toBe('out/mix.openai.jsonl');
    expect(preview.datasetName).toBe('planted_mix_openai');
    expect(engine.previewExport({ export: { format: 'openai', out: 'x.jsonl' } }).out.shown).toBe('x.jsonl');
  });
});

describeWithData('engine.exportMix', () => {
  let manifest: Manifest;
  let train: ReturnType<typeof readArray>;
  let validation: ReturnType<typeof readArray>;
  const progress: number[] = [];

  beforeAll(async () => {
    const run = await engine.exportMix({}, { onProgress: (event) => progress.push(event.done) });
    manifest = manifestSchema.parse(JSON.parse(readFileSync(run.manifestPath, 'utf8')));
    train = readArray(join(corpus.folder, 'out', 'mix.json'));
    validation = readArray(join(corpus.folder, 'out', 'mix.validation.json'));
  }, 60_000);

  it('writes the preview\'s records, with outputs whose hashes the manifest holds', async () => {
    const preview = engine.previewExport();
    expect(train).toHaveLength(preview.records.train);
    expect(validation).toHaveLength(preview.records.validation);
    expect(progress.at(-1)).toBe(train.length + validation.length);
    for (const output of manifest.outputs) expect(await sha256File(join(corpus.folder, output.path))).toBe(output.sha256);
    expect(manifest.outputs.map((output) => [output.path, output.split, output.records])).toEqual([
      ['out/mix.json', 'train', train.length],
      ['out/mix.validation.json', 'validation', validation.length],
    ]);
    expect(manifest.extras).toEqual({ datasetInfo: 'out/dataset_info.json', axolotl: 'out/mix.json.axolotl.yaml' });
    expect(readdirSync(join(corpus.folder, 'out')).sort()).toEqual(['dataset_info.json', 'mix.json', 'mix.json.axolotl.yaml', 'mix.json.manifest.json', 'mix.validation.json']);
  });

  it('records the app, the resolved recipe, the seed and every input with its hash', async () => {
    expect(manifest.app).toEqual({ name: 'agentmix-studio', version: (JSON.parse(readFileSync('package.json', 'utf8')) as { version: string }).version });
    expect(manifest.seed).toBe(7);
    expect(manifest.recipe.mix).toMatchObject({ agentShare: 0.2, by: 'records', seed: 7, validation: 0.05, upsample: 'agent' });
    expect(manifest.recipe.export).toMatchObject({ format: 'sharegpt', out: 'out/mix.json', datasetName: 'planted_mix', datasetInfo: true });
    expect(manifest.review).toEqual({ files: ['review.jsonl'], conflicts: 0 });
    // The rest of the recipe is the run's, every default filled in.
    for (const section of ['sources', 'evalSets', 'filters', 'dedup', 'leakage', 'review'] as const) {
      expect(manifest.recipe[section], section).toEqual(JSON.parse(JSON.stringify(result.recipe[section])));
    }
    expect(manifest.inputs.map((input) => input.path)).toEqual(['agent.json', 'webshop-a.json', 'webshop-b.json', 'general.json', 'general-more.json', 'general-dummy.parquet', 'agent-messages.jsonl']);
    for (const input of manifest.inputs) expect(input.hash, input.path).toBe(await sha256File(join(corpus.folder, input.path)));
    expect(manifest.inputs.find((input) => input.path === 'general-dummy.parquet')).toMatchObject({ records: 500, format: 'sharegpt', role: 'general' });
    expect(manifest.inputs.find((input) => input.path === 'agent-messages.jsonl')).toMatchObject({ records: 40, format: 'openai', role: 'agent' });
  });

  it('counts per stage, source and task as the verdicts say', () => {
    const { judgment, measured } = result;
    const count = (bit: number) => judgment.stageBits.reduce((sum, bits) => sum + ((bits & bit) !== 0 ? 1 : 0), 0);
    const total = manifest.counts.total;
    expect(total.read).toBe(result.count);
    expect(total.filtered.total).toBe(count(STAGE_BITS.filter.drop));
    expect(total.leaked).toBe(count(STAGE_BITS.leakage.drop));
    expect(total.duplicates).toBe(count(STAGE_BITS.dedup.drop));
    expect(total.leaked).toBeGreaterThanOrEqual(6);
    expect(total.duplicates).toBeGreaterThanOrEqual(19);
    expect(total.filtered.rules['unsafe.fetch-and-run']).toBe(1);
    expect(total.reviewed).toEqual({ accepted: 4, rejected: 1, edited: 2, overrides: 2 });
    expect(total.exported).toBe(train.length + validation.length);
    // The parts add up to the whole.
    for (const part of ['sources', 'tasks'] as const) {
      const entries = Object.values(manifest.counts[part]);
      expect(entries.reduce((sum, entry) => sum + entry.read, 0)).toBe(total.read);
      expect(entries.reduce((sum, entry) => sum + entry.exported, 0)).toBe(total.exported);
      expect(entries.reduce((sum, entry) => sum + entry.leaked, 0)).toBe(total.leaked);
    }
    expect(manifest.counts.sources['general-dummy.parquet'].read).toBe(500);
    expect(manifest.counts.tasks[NO_TASK].read).toBe(measured.tasks.filter((task) => task === null).length);
    expect(manifest.counts.tasks.db.leaked).toBe(3);
    expect(manifest.mix.achieved).toEqual(engine.previewExport().achieved);
  });

  it('applies the review: rejected out, override in, leakage kept out, edits exported as edited', () => {
    const ids = new Set([...train, ...validation].map((record) => record.id));
    const idOf = (key: string) => key.slice(key.indexOf(':') + 1);
    expect(ids.has(idOf(corpus.review.rejected))).toBe(false);
    expect(ids.has(idOf(corpus.review.leakedAccepted))).toBe(false);
    expect(ids.has(idOf(corpus.review.overridden))).toBe(true);
    const edited = [...train, ...validation].filter((record) => record.id === idOf(corpus.review.edited));
    expect(edited).toHaveLength(1);
    expect(edited[0]).toEqual(corpus.review.editedRecord);
    expect(edited[0].conversations.some((turn) => turn.value === corpus.review.editedText)).toBe(true);
    // The malformed edit was re-checked: the format filter drops it, the accept overrides, and the manifest says so.
    expect(ids.has(idOf(corpus.review.editedMalformed))).toBe(true);
    const warning = manifest.warnings.find((line) => line.startsWith(`edited record ${corpus.review.editedMalformed}:`));
    expect(warning).toMatch(/edited and accepted by bo at .*; the edited record, re-checked, was dropped by format\..*the accept overrides format\./);
    expect(manifest.warnings.some((line) => line.startsWith(`edited record ${corpus.review.edited}:`))).toBe(false);
  });

  it('weighs records by the tokens the length filter measured (an edit by its re-check)', () => {
    // Every kept agent record (η's default without a total); general records drawn to make η = 0.7 of the tokens.
    const planned = planExport(result, { mix: { by: 'tokens', agentShare: 0.7, total: undefined } });
    for (const group of planned.preview.groups.filter((candidate) => candidate.role === 'agent')) expect(group.train + group.validation, `${group.source} ${group.task}`).toBe(group.kept);
    let agentTokens = 0;
    for (const pick of planned.mix.train.filter((candidate) => candidate.role === 'agent')) {
      const record = result.recordOfKey(pick.key);
      const recheck = result.measured.rechecks.get(record);
      const tokens = recheck?.measurements.length.scores.tokens ?? result.verdict(record).scores.tokens;
      expect(pick.tokens, pick.key).toBe(tokens);
      agentTokens += tokens * pick.count;
    }
    expect(planned.mix.achieved.train.tokens.agent).toBe(agentTokens);
    expect(planned.preview.reachable).toBe(true);
    expect(Math.abs(planned.mix.achieved.train.tokens.share - 0.7)).toBeLessThan(0.02);
  });
});

describeWithData('the export reader', () => {
  it('gives, in any order and across windows, what engine.readRecord gives (and the edit for an edited key)', async () => {
    const planned = planExport(result, { mix: { total: 3000, upsample: 'both' } });
    const order = [...planned.mix.trainOrder, ...planned.mix.validationOrder];
    // Held-out records leave train with their copies, so a little under the total.
    expect(order.length).toBeGreaterThan(2500);
    expect(new Set(order).size).toBeLessThan(order.length);
    const reader = createExportReader(engine, result, order, { windowRecords: 97, windowBytes: 200_000 });
    try {
      const seen = new Set<string>();
      for (const key of order) {
        const conversation = await reader.read(key);
        if (seen.has(key)) continue;
        seen.add(key);
        if (key === corpus.review.edited) {
          expect(conversation.raw).toEqual(corpus.review.editedRecord);
          continue;
        }
        if (result.measured.rechecks.has(result.recordOfKey(key))) continue;
        expect(conversation, key).toEqual((await engine.readRecord(key)).conversation);
      }
      expect([...seen].some((key) => key.startsWith(keyPrefixOf('general-dummy.parquet')))).toBe(true);
      // Off the planned order: one record on its own.
      expect((await reader.read(order[5])).turns).toEqual((await engine.readRecord(order[5])).conversation.turns);
    } finally {
      await reader.close();
    }
  }, 60_000);
});

/** The key prefix of a source of the corpus. */
function keyPrefixOf(path: string): string {
  const source = result.measured.sources.find((candidate) => candidate.recipePath === path);
  if (source === undefined) throw new Error(`no source ${path}`);
  return `${source.info.keyPrefix}:`;
}

describeWithData('an export that cannot finish', () => {
  it('stops on cancel and leaves the old files', async () => {
    const controller = new AbortController();
    const out = join(corpus.folder, 'cancel', 'mix.jsonl');
    await expect(
      engine.exportMix({ export: { format: 'openai', out }, mix: { total: 5000, upsample: 'both' } }, { signal: controller.signal, onProgress: () => controller.abort() }),
    ).rejects.toThrow(/abort/i);
    expect(readdirSync(join(corpus.folder, 'cancel'))).toEqual([]);
  });

  it('fails when a source changed since the run, writing nothing', async () => {
    const other = new Engine({ workers: 1 });
    try {
      const loaded = await other.openRecipe(corpus.exportRecipe);
      const run = await other.runPipeline(loaded);
      expect(run.count).toBe(result.count);
      appendFileSync(join(corpus.folder, 'general-more.json'), '\n');
      await expect(other.exportMix({ export: { out: join(corpus.folder, 'changed', 'mix.json') } })).rejects.toThrow(/general-more\.json changed since the pipeline read it .*run the pipeline again/);
      expect(existsSync(join(corpus.folder, 'changed', 'mix.json'))).toBe(false);
    } finally {
      await other.dispose();
    }
  }, 60_000);

  it('needs a pipeline run first', () => {
    expect(() => new Engine().previewExport()).toThrow('run the pipeline first');
  });
});
