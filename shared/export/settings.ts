import { z } from 'zod';
import type { ExportContainer } from './format-spec';
import { EXPORT_FORMATS, formatSpec, type ExportFormat } from './formats/index';
import { LLAMA2_DEFAULT_SYSTEM } from './formats/llama2-template';

export { EXPORT_FORMATS, type ExportContainer, type ExportFormat };

/** The `export` section of a recipe. Paths are relative to the recipe file. */
export const exportSettings = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('sharegpt'),
  /** The train file. Default `agentmix-<format>.json` or `.jsonl` beside the recipe ({@link defaultOutPath}). */
  out: z.string().min(1).optional(),
  /** The validation file, when `mix.validation` holds records out. Default: `<out stem>.validation.<ext>`. */
  validationOut: z.string().min(1).optional(),
  /** Write (or update) the LLaMA-Factory entries beside the output (`dataset_info.json`, or a v1 YAML config), for the formats LLaMA-Factory reads. */
  datasetInfo: z.boolean().default(true),
  /** The dataset's name in `dataset_info.json` (what `--dataset` names in LLaMA-Factory). */
  datasetName: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, "_", "." or "-"').default('agentmix'),
  /** Write an Axolotl `datasets:` snippet beside the output (`<out>.axolotl.yaml`). */
  axolotl: z.boolean().default(true),
  /**
   * The folder the trainer runs from: the Axolotl snippet and LLaMA-Factory's v1 dataset config name
   * the files relative to it. Default: absolute paths. Relative to the recipe's folder.
   */
  base: z.string().min(1).optional(),
  /** Llama-2-chat text formats: the system message for records without one (AgentLM's fixed prompt). */
  systemPrompt: z.string().default(LLAMA2_DEFAULT_SYSTEM),
  /** Llama-2-chat text formats: whether a record's own system prompt replaces `systemPrompt`. */
  keepRecordSystem: z.boolean().default(true),
});

/** The export settings with defaults applied. */
export type ExportSettings = z.infer<typeof exportSettings>;

/** The export settings as a recipe may write them. */
export type ExportSettingsInput = z.input<typeof exportSettings>;

/** The container each format is written in. */
export function containerOf(format: ExportFormat): ExportContainer {
  return formatSpec(format).container;
}

/** The output path when the recipe names none: `agentmix-<format>.json` or `.jsonl`. */
export function defaultOutPath(format: ExportFormat): string {
  return `agentmix-${format}.${containerOf(format) === 'jsonl' ? 'jsonl' : 'json'}`;
}

/** `data/mix.json` → `data/mix.validation.json`; a name without an extension gets `.validation`. */
export function validationPathFor(out: string): string {
  const slash = Math.max(out.lastIndexOf('/'), out.lastIndexOf('\\'));
  const dot = out.lastIndexOf('.');
  if (dot <= slash + 1) return `${out}.validation`;
  return `${out.slice(0, dot)}.validation${out.slice(dot)}`;
}

/** The manifest beside an output: `<output>.manifest.json`. */
export function manifestPathFor(out: string): string {
  return `${out}.manifest.json`;
}

/** The LLaMA-Factory v1 dataset config beside a file: `<file>.llamafactory.yaml`. */
export function llamaFactoryYamlPathFor(out: string): string {
  return `${out}.llamafactory.yaml`;
}

/** The Axolotl snippet beside an output: `<output>.axolotl.yaml`. */
export function axolotlPathFor(out: string): string {
  return `${out}.axolotl.yaml`;
}
