import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, expect, it } from 'vitest';
import { sha256File } from '../../../../../electron/engine/export/hash-file';
import { writeExport, type ExportPlan } from '../../../../../electron/engine/export/write-export';
import { readLlama2Chat } from '../../../../../shared/export/llama2-chat';
import { manifestSchema } from '../../../../../shared/export/manifest';
import { EXPORT_FORMATS, type ExportFormat } from '../../../../../shared/export/settings';
import { getFormat } from '../../../../../shared/formats/index';
import { trains, type Conversation } from '../../../../../shared/schema/conversation';
import { realPlan } from '../../../../fixtures/export/plan';
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

function reread(format: ExportFormat, value: unknown): Conversation {
  const read =
    format === 'llama2-chat'
      ? readLlama2Chat(value)
      : getFormat(format === 'sharegpt-jsonl' ? 'sharegpt' : format).read(value);
  if (!read.ok) throw new Error(read.message);
  return read.conversation;
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
          const back = reread(format, record);
          const trained = (conversation: Conversation) => conversation.turns.filter((turn) => trains(turn)).map((turn) => turn.text);
          expect(trained(back), `${format} ${order[index]}`).toEqual(trained(original));
          expect(back.id).toBe(original.id);
        }
      }
      const manifest = manifestSchema.parse(JSON.parse(await readFile(summary.manifestPath, 'utf8')));
      expect(manifest.outputs.map((output) => [output.path, output.split, output.sha256])).toEqual([
        [plan.out.shown, 'train', train.sha256],
        [plan.validationOut.shown, 'validation', validation.sha256],
      ]);
      expect(manifest.counts.total.exported).toBe(train.records + validation.records);
      expect(manifest.mix.achieved).toEqual(plan.mix.achieved);
      expect(manifest.extras.axolotl).toBe(`${plan.out.shown}.axolotl.yaml`);
      expect(manifest.extras.datasetInfo).toBe(format === 'llama2-chat' ? undefined : 'dataset_info.json');
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
      const a = await readFile(join(folder, 'a', name), 'utf8');
      const b = await readFile(join(folder, 'b', name), 'utf8');
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
    expect(summary.manifest.skipped).toEqual({ count: 1, examples: [{ key: broken, message: 'turn 1 contains "[/INST]", which the Llama-2-chat template uses as a boundary' }] });
    expect(summary.manifest.warnings).toContain('1 records could not be written as llama2-chat (see skipped).');
  });

  it('adds its entry to an existing dataset_info.json and warns that LLaMA-Factory ignores loss flags', async () => {
    await writeFile(join(folder, 'dataset_info.json'), JSON.stringify({ alpaca_en_demo: { file_name: 'alpaca_en_demo.json' } }));
    const summary = await writeExport(realPlan(folder, 1, { format: 'agentinstruct', datasetName: 'agentlm_mix' }));
    const info = JSON.parse(await readFile(join(folder, 'dataset_info.json'), 'utf8')) as Record<string, { file_name: string }>;
    expect(Object.keys(info)).toEqual(['alpaca_en_demo', 'agentlm_mix']);
    expect(info.agentlm_mix.file_name).toBe('mix.json');
    expect(summary.manifest.warnings.join('\n')).toContain("LLaMA-Factory's sharegpt loader trains every assistant turn");
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
