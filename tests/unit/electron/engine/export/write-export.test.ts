import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sha256File } from '../../../../../electron/engine/export/hash-file';
import { writeExport, type ExportPlan } from '../../../../../electron/engine/export/write-export';
import { exportRecord } from '../../../../../shared/export/export-record';
import { formatSpec } from '../../../../../shared/export/formats/index';
import { manifestSchema } from '../../../../../shared/export/manifest';
import { EXPORT_FORMATS } from '../../../../../shared/export/settings';
import { realPlan } from '../../../../fixtures/export/plan';
import { roundTripProblems } from '../../../../helpers/export-essence';
import { checkV1DatasetConfig } from '../../../../checkers/llamafactory';
import { parse as parseYaml } from 'yaml';
import { describeWithData } from '../../../../helpers/with-data';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'agentmix-export-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** The records of an export file, JSON array or JSONL. */
async function readRecords(path: string): Promise<unknown[]> {
  const text = await readFile(path, 'utf8');
  if (path.endsWith('.json')) return JSON.parse(text) as unknown[];
  return text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown);
}

describeWithData('writeExport', () => {
  for (const format of EXPORT_FORMATS) {
    it(`writes ${format} in the sampler's order, and the files re-read to the mixed records`, async () => {
      const plan = realPlan(folder, 1, { format });
      const summary = await writeExport(plan);
      const [train, validation] = summary.outputs;
      expect(train.records).toBe(plan.mix.trainOrder.length);
      expect(validation.records).toBe(plan.mix.validationOrder.length);
      for (const [output, order] of [
        [train, plan.mix.trainOrder],
        [validation, plan.mix.validationOrder],
      ] as const) {
        expect(await sha256File(output.path)).toBe(output.sha256);
        const records = await readRecords(output.path);
        expect(records).toHaveLength(order.length);
        for (const [index, record] of records.entries()) {
          const original = await plan.readRecord(order[index]);
          const written = exportRecord(original, plan.settings, order[index]);
          if (!written.ok) throw new Error(written.message);
          expect(record, `${format} ${order[index]}`).toEqual(JSON.parse(JSON.stringify(written.value)));
          expect(roundTripProblems(format, original, written), `${format} ${order[index]}`).toEqual([]);
        }
      }
      const manifest = manifestSchema.parse(JSON.parse(await readFile(summary.manifestPath, 'utf8')));
      expect(manifest.outputs.map((output) => [output.path, output.split, output.sha256])).toEqual([
        [plan.out.shown, 'train', train.sha256],
        [plan.validationOut.shown, 'validation', validation.sha256],
      ]);
      expect(manifest.counts.total.exported).toBe(train.records + validation.records);
      expect(manifest.mix.achieved).toEqual(plan.mix.achieved);
      const spec = formatSpec(format);
      expect(manifest.extras.axolotl).toBe(typeof spec.axolotl === 'function' ? `${plan.out.shown}.axolotl.yaml` : undefined);
      expect(manifest.extras.datasetInfo).toBe('kind' in spec.llamaFactory && spec.llamaFactory.kind === 'json' ? 'dataset_info.json' : undefined);
      expect(manifest.extras.llamaFactory).toEqual('kind' in spec.llamaFactory && spec.llamaFactory.kind === 'v1-yaml' ? [`${plan.out.shown}.llamafactory.yaml`, `${plan.validationOut.shown}.llamafactory.yaml`] : undefined);
    });
  }

  it('gives byte-identical files and manifest for the same inputs, recipe and seed, whatever order the records came in', async () => {
    // The pipeline may hand the sampler its records in any order (one worker or many): shuffle them.
    const first = realPlan(join(folder, 'a'), 2, { format: 'sharegpt' });
    const second = realPlan(join(folder, 'b'), 2, { format: 'sharegpt' }, 1234);
    expect(second.mix.trainOrder).toEqual(first.mix.trainOrder);
    await writeExport(first);
    await writeExport({ ...second, now: () => new Date('2031-01-01T00:00:00.000Z') });
    const names = (await readdir(join(folder, 'a'))).sort();
    expect(names).toEqual(['dataset_info.json', 'mix.json', 'mix.json.axolotl.yaml', 'mix.json.manifest.json', 'mix.validation.json']);
    for (const name of names) {
      // The Axolotl snippet names the files by absolute path: the same bytes once the folder is taken out.
      const a = (await readFile(join(folder, 'a', name), 'utf8')).replaceAll(join(folder, 'a'), '<folder>');
      const b = (await readFile(join(folder, 'b', name), 'utf8')).replaceAll(join(folder, 'b'), '<folder>');
      if (name.endsWith('.manifest.json')) {
        expect(a).not.toBe(b);
        expect(a.replace(/"time": "[^"]+"/, '')).toBe(b.replace(/"time": "[^"]+"/, ''));
      } else {
        expect(a, name).toBe(b);
      }
    }
  });

  it('reports records the format cannot hold instead of writing them wrongly', async () => {
    const plan = realPlan(folder, 1, { format: 'llama2-chat' });
    const broken = plan.mix.trainOrder[3];
    const readRecord = plan.readRecord;
    const summary = await writeExport({
      ...plan,
      async readRecord(key) {
        const conversation = await readRecord(key);
        if (key !== broken) return conversation;
        return { ...conversation, turns: [conversation.turns[0], { ...conversation.turns[1], text: 'see [/INST] here' }] };
      },
    });
    expect(summary.outputs[0].records).toBe(plan.mix.trainOrder.length - 1);
    expect(summary.manifest.skipped).toEqual({ count: 1, examples: [{ key: broken, message: 'message 2 contains "[/INST]", which the Llama-2-chat template uses as a boundary' }] });
    expect(summary.manifest.warnings).toContain('1 records could not be written as llama2-chat (see skipped).');
  });

  it('adds an entry per file to an existing dataset_info.json and warns, with the count, that LLaMA-Factory ignores loss flags', async () => {
    await writeFile(join(folder, 'dataset_info.json'), JSON.stringify({ alpaca_en_demo: { file_name: 'alpaca_en_demo.json' } }));
    const summary = await writeExport(realPlan(folder, 1, { format: 'agentinstruct', datasetName: 'agentlm_mix' }));
    const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string }>;
    expect(Object.keys(info)).toEqual(['alpaca_en_demo', 'agentlm_mix', 'agentlm_mix_validation']);
    expect(info.agentlm_mix.file_name).toBe('mix.json');
    expect(info.agentlm_mix_validation.file_name).toBe('mix.validation.json');
    const loss = summary.manifest.loss.find((entry) => entry.trainer === 'LLaMA-Factory (dataset_info.json)');
    // The WebShop trajectories' "Ok." acknowledgements carry loss: false, and LLaMA-Factory trains them.
    expect(loss?.turns).toBeGreaterThan(0);
    expect(summary.manifest.warnings).toContain(
      `LLaMA-Factory (dataset_info.json) does not read per-turn loss flags (it trains every assistant message): ${loss?.turns.toLocaleString('en-US')} turns of this export get a different loss than their source gives them; export llamafactory-messages to keep them.`,
    );
  });

  it('names the files in the trainer files absolutely, or relative to the base the user named', async () => {
    await writeExport(realPlan(folder, 1, { format: 'sharegpt' }));
    const absolute = parseYaml(await readFile(join(folder, 'mix.json.axolotl.yaml'), 'utf8')) as { datasets: { path: string }[]; test_datasets: { path: string }[] };
    expect([absolute.datasets[0].path, absolute.test_datasets[0].path]).toEqual([join(folder, 'mix.json'), join(folder, 'mix.validation.json')]);
    const plan = { ...realPlan(join(folder, 'v1'), 1, { format: 'llamafactory-messages' }), base: folder };
    const summary = await writeExport(plan);
    expect(summary.manifest.extras.axolotl).toBeUndefined();
    const config = parseYaml(await readFile(join(folder, 'v1', 'mix.jsonl.llamafactory.yaml'), 'utf8')) as unknown;
    expect(config).toEqual({ agentmix: { path: 'v1/mix.jsonl', source: 'local' } });
    expect(checkV1DatasetConfig(config, folder)).toEqual([]);
    expect(parseYaml(await readFile(join(folder, 'v1', 'mix.validation.jsonl.llamafactory.yaml'), 'utf8'))).toEqual({ agentmix_validation: { path: 'v1/mix.validation.jsonl', source: 'local' } });
  });

  it('keeps a broken dataset_info.json as it is and says so', async () => {
    await writeFile(join(folder, 'dataset_info.json'), '{broken');
    const summary = await writeExport(realPlan(folder, 1, { format: 'sharegpt' }));
    expect(await readFile(join(folder, 'dataset_info.json'), 'utf8')).toBe('{broken');
    expect(summary.manifest.extras.datasetInfo).toBeUndefined();
    expect(summary.manifest.warnings[0]).toMatch(/dataset_info\.json: dataset_info\.json is not JSON .*; no LLaMA-Factory entry was written/);
  });

  it('writes nothing and leaves no temporary file when reading a record fails', async () => {
    await writeFile(join(folder, 'mix.jsonl'), 'old\n');
    const plan: ExportPlan = { ...realPlan(folder, 1), readRecord: async () => Promise.reject(new Error('source changed on disk')) };
    await expect(writeExport(plan)).rejects.toThrow('source changed on disk');
    expect(await readdir(folder)).toEqual(['mix.jsonl']);
    expect(await readFile(join(folder, 'mix.jsonl'), 'utf8')).toBe('old\n');
  });
});
