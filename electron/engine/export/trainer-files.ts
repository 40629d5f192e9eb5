/**
 * The trainer files beside an export (docs/recipe.md, "Trainer files"), from the format's spec:
 * LLaMA-Factory's `dataset_info.json` with an entry per file (`<datasetName>` for the train file,
 * `<datasetName>_validation` for the validation file, each naming its file relative to the folder of
 * `dataset_info.json`, the other datasets of the file kept), or a v1 dataset YAML per file; and the
 * Axolotl snippet. The paths trainers resolve from where they run are absolute, or relative to the
 * base the user named.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import { axolotlSnippet } from '../../../shared/export/axolotl';
import { mergeDatasetInfo } from '../../../shared/export/dataset-info';
import type { ExportTraits } from '../../../shared/export/format-spec';
import { formatSpec } from '../../../shared/export/formats/index';
import { v1DatasetYaml } from '../../../shared/export/formats/yaml';
import type { Manifest } from '../../../shared/export/manifest';
import { axolotlPathFor, llamaFactoryYamlPathFor, type ExportSettings } from '../../../shared/export/settings';
import type { ExportPath } from './export-path';

/** What the trainer files need. */
export interface TrainerFilesInput {
  settings: ExportSettings;
  /** The train file, then the validation file when there is one. */
  files: ExportPath[];
  /** What each file's records hold, in the same order. */
  traits: ExportTraits[];
  /** The folder the trainer runs from (absolute), when named. */
  base?: string;
  /** Stages a text file for the export's commit. */
  stage(target: string, text: string): Promise<void>;
}

/** `/` separators, as configs write paths on every platform. */
function posix(path: string): string {
  return path.split(sep).join('/');
}

/** Stages the trainer files; returns the manifest's extras and the problems met. */
export async function stageTrainerFiles(input: TrainerFilesInput): Promise<{ extras: Manifest['extras']; warnings: string[] }> {
  const { settings, files, traits } = input;
  const spec = formatSpec(settings.format);
  const extras: Manifest['extras'] = {};
  const warnings: string[] = [];
  const fromBase = (file: string): string => (input.base === undefined ? file : posix(relative(input.base, file)));
  const names = [settings.datasetName, `${settings.datasetName}_validation`];
  const llamaFactory = spec.llamaFactory;
  if (settings.datasetInfo && 'kind' in llamaFactory) {
    if (llamaFactory.kind === 'json') {
      const folder = dirname(files[0].file);
      const target = join(folder, 'dataset_info.json');
      const entries = Object.fromEntries(files.map((file, index) => [names[index], llamaFactory.entry(posix(relative(folder, file.file)), traits[index])]));
      const existing = await readFile(target, 'utf8').catch(() => null);
      const merged = mergeDatasetInfo(existing, entries);
      if (merged.ok) {
        await input.stage(target, merged.text);
        extras.datasetInfo = posix(join(dirname(files[0].shown), 'dataset_info.json'));
      } else {
        warnings.push(`${target}: ${merged.message}; no LLaMA-Factory entry was written`);
      }
    } else {
      extras.llamaFactory = [];
      for (const [index, file] of files.entries()) {
        await input.stage(llamaFactoryYamlPathFor(file.file), v1DatasetYaml(names[index], llamaFactory.entry(fromBase(file.file), traits[index]), file.shown));
        extras.llamaFactory.push(llamaFactoryYamlPathFor(file.shown));
      }
    }
  }
  if (settings.axolotl) {
    const snippet = axolotlSnippet({ format: settings.format, path: fromBase(files[0].file), validationPath: files[1] === undefined ? undefined : fromBase(files[1].file), base: input.base });
    if (snippet !== null) {
      await input.stage(axolotlPathFor(files[0].file), snippet);
      extras.axolotl = axolotlPathFor(files[0].shown);
    }
  }
  return { extras, warnings };
}
