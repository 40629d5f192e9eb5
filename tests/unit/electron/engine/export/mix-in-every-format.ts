/**
 * A mix in every export format, through every trainer's checker (docs/recipe.md, "Checking what a
 * trainer reads"), exported by the engine as `agentmix run` does. Each format's train file passes
 * the checks of each trainer the format names, with the side files it wrote, with no record refused;
 * a trainer that reads the format's loss flags trains each turn as the source does (but where turns
 * with different flags were joined), and one that does not trains exactly as many turns differently
 * as the manifest's warning says. The figures are printed for the record. The real mix (with
 * ../shared/data) and the demo's mix (always) each run this suite.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { planExport } from '../../../../../electron/engine/export/run-export';
import { exportRecord } from '../../../../../shared/export/export-record';
import { formatSpec } from '../../../../../shared/export/formats/index';
import { axolotlPathFor, containerOf, exportSettings, EXPORT_FORMATS, validationPathFor, type ExportFormat } from '../../../../../shared/export/settings';
import { trains, type Conversation } from '../../../../../shared/schema/conversation';
import { checkColumns, LOADS_THROUGH_DATASETS, lossDifferences, readExportFile, TRAINER_CHECKS, type ExportFiles } from '../../../../checkers/by-format';

/** Which mix, how to find its recipe, and the vitest functions to run it with (skipping ones for real data). */
export interface MixSuite {
  title: string;
  /** The recipe to run, given a scratch folder it may write to. */
  recipe: (folder: string) => string;
  describe?: (title: string, body: () => void) => void;
  it?: (title: string, body: () => Promise<void>, timeout: number) => void;
}

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

/** Registers the suite: the pipeline runs once, then one test per format. */
export function mixInEveryFormat({ title, recipe, describe: suite = describe, it: test = it }: MixSuite): void {
  suite(title, () => {
    let folder: string;
    let engine: Engine;
    const records = new Map<string, { conversation: Conversation; format: string | undefined }>();
    let splits: { name: string; order: string[] }[] = [];

    beforeAll(async () => {
      folder = mkdtempSync(join(tmpdir(), 'agentmix-mix-'));
      engine = new Engine({ workers: 2 });
      const result = await engine.runPipeline(await engine.openRecipe(recipe(folder)));
      const mix = planExport(result).mix;
      splits = [
        { name: 'train', order: mix.trainOrder },
        { name: 'validation', order: mix.validationOrder },
      ];
      for (const key of new Set([...mix.trainOrder, ...mix.validationOrder])) {
        records.set(key, { conversation: (await engine.readRecord(key)).conversation, format: result.sourceOf(result.recordOfKey(key)).info.format ?? undefined });
      }
    }, 180_000);

    afterAll(async () => {
      await engine?.dispose();
      if (folder !== undefined) rmSync(folder, { recursive: true, force: true });
    });

    /** What the writer says it wrote, record by record, in the sampler's order (refused records are not in the file). */
    function expectedRecords(format: ExportFormat, order: readonly string[]) {
      const settings = exportSettings.parse({ format });
      const written = [];
      for (const key of order) {
        const entry = records.get(key);
        if (entry === undefined) throw new Error(`no record for ${key}`);
        const result = exportRecord(entry.conversation, settings, key, entry.format);
        if (result.ok) written.push({ result, sourceTrains: entry.conversation.turns.map(trains) });
      }
      return written;
    }

    for (const format of EXPORT_FORMATS) {
      test(`${format}: every trainer accepts every record of both splits and trains each turn as documented`, async () => {
        const out = join(folder, format, `mix.${containerOf(format) === 'jsonl' ? 'jsonl' : 'json'}`);
        const run = await engine.exportMix({ export: { format, out, datasetName: 'the_mix' } });
        const spec = formatSpec(format);
        const trainers = TRAINER_CHECKS[format](sideFiles(out, 'the_mix'));
        expect(trainers.map((trainer) => trainer.name)).toEqual(spec.consumers.map((consumer) => consumer.name));
        const differences = trainers.map(() => 0);
        const counts: string[] = [];
        let skipped = 0;

        for (const split of splits) {
          if (split.order.length === 0) continue;
          const values = readExportFile(split.name === 'train' ? out : validationPathFor(out));
          const written = expectedRecords(format, split.order);
          skipped += split.order.length - written.length;
          expect(values.length, `${format} ${split.name}`).toBeGreaterThan(0);
          expect(values).toHaveLength(written.length);
          for (const [index, value] of values.entries()) expect(value, `${format} ${split.name} record ${index}`).toEqual(JSON.parse(JSON.stringify(written[index].result.value)));
          if (LOADS_THROUGH_DATASETS[format]) {
            // A known limit (docs/recipe.md, "Formats"): `openai` keeps the tools as objects, as OpenAI
            // requires, so tool schemas whose fields differ in type across records stop an Arrow
            // loader; any other conflict fails.
            const conflicts = checkColumns(values);
            const toolSchemas = format === 'openai' ? conflicts.filter((conflict) => /^record \d+: \(record\)\.tools\[\]\.function\.parameters\./.test(conflict)) : [];
            expect(conflicts.filter((conflict) => !toolSchemas.includes(conflict))).toEqual([]);
            if (toolSchemas.length > 0) console.info(`${title}, ${format} ${split.name}: known column conflicts in tool schemas: ${toolSchemas.join('; ')}`);
          }
          for (const [position, trainer] of trainers.entries()) {
            if ('problems' in trainer) throw new Error(`${format}, ${trainer.name}: ${trainer.problems.join('; ')}`);
            const rejected: string[] = [];
            for (const [index, value] of values.entries()) {
              const checked = trainer.check(value);
              if (checked.ok) differences[position] += lossDifferences(checked, written[index].result.messages, written[index].sourceTrains);
              else rejected.push(`${split.name} record ${index}: ${checked.reasons.join('; ')}`);
            }
            expect(rejected.slice(0, 5), `${format}, ${trainer.name}: ${rejected.length} records refused`).toEqual([]);
          }
          counts.push(`${values.length} ${split.name}`);
        }
        expect(run.manifest.skipped.count).toBe(skipped);

        // The manifest's counts cover both files.
        const lines = spec.consumers.map((consumer, position) => {
          const expected = consumer.trains === 'flags' ? (run.manifest.conversions['loss-merged']?.turns ?? 0) : (run.manifest.loss.find((entry) => entry.trainer === consumer.name)?.turns ?? -1);
          expect(differences[position], `${format}, ${consumer.name}: turns trained differently from the source`).toBe(expected);
          return `${consumer.name}: 0 refused, ${differences[position]} turns trained differently from the source`;
        });
        const converted = Object.entries(run.manifest.conversions).map(([kind, total]) => `${kind} ${total.records}/${total.turns}`);
        console.info(
          `${title}, ${format}: ${counts.join(' + ')} records written, ${skipped} skipped; converted (records/turns): ${converted.join(', ') || 'nothing'}; ` +
            `${run.manifest.warnings.length} warnings; ${lines.join('; ')}`,
        );
      }, 120_000);
    }
  });
}
