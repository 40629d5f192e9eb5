/**
 * The real mix in every export format, through every trainer's checker (docs/recipe.md, "Checking
 * what a trainer reads"): every conversation file of ../shared/data, the default filters, η = 0.2,
 * exported by the engine as `agentmix run` does. Each format's train file passes the checks of each
 * trainer the format names, with the side files it wrote, with no record refused; a trainer that
 * reads the format's loss flags trains each turn as the source does (but where turns with different
 * flags were joined), and one that does not trains exactly as many turns differently as the
 * manifest's warning says. The figures are printed for the record.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, expect } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { planExport } from '../../../../../electron/engine/export/run-export';
import { exportRecord } from '../../../../../shared/export/export-record';
import { formatSpec } from '../../../../../shared/export/formats/index';
import { axolotlPathFor, containerOf, exportSettings, EXPORT_FORMATS } from '../../../../../shared/export/settings';
import { trains, type Conversation } from '../../../../../shared/schema/conversation';
import { checkColumns, LOADS_THROUGH_DATASETS, lossDifferences, readExportFile, TRAINER_CHECKS, type ExportFiles } from '../../../../checkers/by-format';
import { dataFile } from '../../../../helpers/data';
import { describeWithData, itWithData } from '../../../../helpers/with-data';
import { CONVERSATION_FILES } from '../../../shared/formats/data-values';

let folder: string;
let engine: Engine;
const records = new Map<string, { conversation: Conversation; format: string | undefined }>();
let order: string[] = [];

beforeAll(async () => {
  folder = mkdtempSync(join(tmpdir(), 'agentmix-real-mix-'));
  const recipe = join(folder, 'real-mix.recipe.json');
  writeFileSync(recipe, JSON.stringify({ sources: Object.keys(CONVERSATION_FILES).map((path) => ({ path: dataFile(path) })), mix: { agentShare: 0.2 } }));
  engine = new Engine({ workers: 2 });
  const result = await engine.runPipeline(await engine.openRecipe(recipe));
  order = planExport(result).mix.trainOrder;
  for (const key of new Set(order)) {
    records.set(key, { conversation: (await engine.readRecord(key)).conversation, format: result.sourceOf(result.recordOfKey(key)).info.format ?? undefined });
  }
}, 180_000);

afterAll(async () => {
  await engine?.dispose();
  if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
});

/** The side files an export wrote, read back. */
function sideFiles(out: string, datasetName: string): ExportFiles {
  const read = (path: string): string | undefined => {
    try {
      return readFileSync(path, 'utf8');
    } catch {
      return undefined;
    }
  };
  const info = read(join(dirname(out), 'dataset_info.json'));
  return {
    datasetInfo: info === undefined ? undefined : { file: JSON.parse(info) as unknown, name: datasetName },
    axolotl: read(axolotlPathFor(out)),
    llamaFactoryYaml: read(`${out}.llamafactory.yaml`),
  };
}

describeWithData('the real mix (every conversation file of ../shared/data, default filters, η = 0.2) in every format', () => {
  for (const format of EXPORT_FORMATS) {
    itWithData(`${format}: every trainer accepts every record and trains each turn as documented`, async () => {
      const out = join(folder, format, `mix.${containerOf(format) === 'jsonl' ? 'jsonl' : 'json'}`);
      const run = await engine.exportMix({ export: { format, out, datasetName: 'real_mix' } });
      const values = readExportFile(out);
      const settings = exportSettings.parse({ format });
      const spec = formatSpec(format);

      // What the writer says it wrote, record by record, in the sampler's order (refused records are not in the file).
      const written = [];
      for (const key of order) {
        const entry = records.get(key);
        if (entry === undefined) throw new Error(`no record for ${key}`);
        const result = exportRecord(entry.conversation, settings, key, entry.format);
        if (result.ok) written.push({ result, sourceTrains: entry.conversation.turns.map(trains) });
      }
      expect(values).toHaveLength(written.length);
      expect(run.manifest.skipped.count).toBe(order.length - written.length);
      for (const [index, value] of values.entries()) expect(value, `${format} record ${index}`).toEqual(JSON.parse(JSON.stringify(written[index].result.value)));
      if (LOADS_THROUGH_DATASETS[format]) expect(checkColumns(values)).toEqual([]);

      const trainers = TRAINER_CHECKS[format](sideFiles(out, 'real_mix'));
      expect(trainers.map((trainer) => trainer.name)).toEqual(spec.consumers.map((consumer) => consumer.name));
      const lines: string[] = [];
      for (const [position, trainer] of trainers.entries()) {
        if ('problems' in trainer) throw new Error(`${format}, ${trainer.name}: ${trainer.problems.join('; ')}`);
        const consumer = spec.consumers[position];
        const rejected: string[] = [];
        let differences = 0;
        for (const [index, value] of values.entries()) {
          const checked = trainer.check(value);
          if (!checked.ok) {
            rejected.push(`record ${index}: ${checked.reasons.join('; ')}`);
            continue;
          }
          differences += lossDifferences(checked, written[index].result.messages, written[index].sourceTrains);
        }
        expect(rejected.slice(0, 5), `${format}, ${trainer.name}: ${rejected.length} records refused`).toEqual([]);
        const expected = consumer.trains === 'flags' ? (run.manifest.conversions['loss-merged']?.turns ?? 0) : (run.manifest.loss.find((entry) => entry.trainer === consumer.name)?.turns ?? -1);
        expect(differences, `${format}, ${trainer.name}: turns trained differently from the source`).toBe(expected);
        lines.push(`${trainer.name}: 0 refused, ${differences} turns trained differently from the source`);
      }
      const converted = Object.entries(run.manifest.conversions).map(([kind, total]) => `${kind} ${total.records}/${total.turns}`);
      console.info(
        `${format}: ${values.length} records written, ${run.manifest.skipped.count} skipped; converted (records/turns): ${converted.join(', ') || 'nothing'}; ` +
          `${run.manifest.warnings.length} warnings; ${lines.join('; ')}`,
      );
    }, 120_000);
  }
});
