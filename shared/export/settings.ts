import { z } from 'zod';
import { LLAMA2_DEFAULT_SYSTEM } from './llama2-chat';

/**
 * The export formats (`export.format`):
 * - `sharegpt`: FastChat's `[{id, conversations: [{from, value}]}]` as one JSON array, keeping
 *   `loss` flags on turns that have them and LLaMA-Factory's `system` / `tools` columns;
 * - `sharegpt-jsonl`: the same records, one per line;
 * - `agentinstruct`: the native `{id, conversations: [{from, value, loss}]}` form, a JSON array;
 * - `openai`: `{"messages": [{role, content}]}` JSONL with `weight: 0|1` on assistant messages;
 * - `llama2-chat`: `{id, text, spans}` JSONL, the Llama-2-chat template as FastChat renders it.
 */
export const EXPORT_FORMATS = ['sharegpt', 'sharegpt-jsonl', 'agentinstruct', 'openai', 'llama2-chat'] as const;

/** One of {@link EXPORT_FORMATS}. */
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** How records sit in the file: one JSON array, or one JSON value per line. */
export type ExportContainer = 'json-array' | 'jsonl';

/** The `export` section of a recipe. Paths are relative to the recipe file. */
export const exportSettings = z.strictObject({
  format: z.enum(EXPORT_FORMATS).default('sharegpt'),
  /** The train file. Default `agentmix-<format>.json` or `.jsonl` beside the recipe ({@link defaultOutPath}). */
  out: z.string().min(1).optional(),
  /** The validation file, when `mix.validation` holds records out. Default: `<out stem>.validation.<ext>`. */
  validationOut: z.string().min(1).optional(),
  /** Write (or update) a LLaMA-Factory `dataset_info.json` entry beside the output (not for `llama2-chat`). */
  datasetInfo: z.boolean().default(true),
  /** The dataset's name in `dataset_info.json` (what `--dataset` names in LLaMA-Factory). */
  datasetName: z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected letters, digits, "_", "." or "-"').default('agentmix'),
  /** Write an Axolotl `datasets:` snippet beside the output (`<out>.axolotl.yaml`). */
  axolotl: z.boolean().default(true),
  /** `llama2-chat`: the system message for records without one (AgentLM's fixed prompt). */
  systemPrompt: z.string().default(LLAMA2_DEFAULT_SYSTEM),
  /** `llama2-chat`: whether a record's own leading system turn replaces `systemPrompt`. */
  keepRecordSystem: z.boolean().default(true),
});

/** The export settings with defaults applied. */
export type ExportSettings = z.infer<typeof exportSettings>;

/** The export settings as a recipe may write them. */
export type ExportSettingsInput = z.input<typeof exportSettings>;

/** The container each format is written in. */
export function containerOf(format: ExportFormat): ExportContainer {
  return format === 'sharegpt' || format === 'agentinstruct' ? 'json-array' : 'jsonl';
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

/** The Axolotl snippet beside an output: `<output>.axolotl.yaml`. */
export function axolotlPathFor(out: string): string {
  return `${out}.axolotl.yaml`;
}
