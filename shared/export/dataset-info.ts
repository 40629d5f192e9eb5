import type { ExportFormat } from './settings';

/** What the entry needs to know about the exported file. */
export interface DatasetInfoOptions {
  /** The file name, relative to the folder that holds `dataset_info.json` (LLaMA-Factory's `dataset_dir`). */
  fileName: string;
  format: ExportFormat;
  /** Whether any record has a `system` column. */
  hasSystem: boolean;
  /** Whether any record has a `tools` column. */
  hasTools: boolean;
  /** Whether any exported turn carries a loss flag that masks it (`loss: false`, `weight: 0`). */
  hasMaskedTurns: boolean;
}

/** A `dataset_info.json` entry, and what a user should know about it. */
export interface DatasetInfo {
  entry: Record<string, unknown>;
  /** Things LLaMA-Factory will not do with this file that the export intends (for the manifest and the CLI summary). */
  warnings: string[];
}

/**
 * The LLaMA-Factory `dataset_info.json` entry for an exported file (LLaMA-Factory `data/README.md`,
 * "Sharegpt Format" and "OpenAI Format"): `formatting: "sharegpt"`, the `messages` column, the
 * optional `system` and `tools` columns, and the role tags. ShareGPT-shaped files use FastChat's tags
 * plus LLaMA-Factory's `observation` and `function_call`; OpenAI files use `role` / `content` and the
 * OpenAI role names. `llama2-chat` text has no entry (it is not a conversation format there).
 */
export function datasetInfoEntry(options: DatasetInfoOptions): DatasetInfo | null {
  const warnings: string[] = [];
  const columns: Record<string, string> = {};
  let tags: Record<string, string>;
  switch (options.format) {
    case 'llama2-chat':
      return null;
    case 'openai':
      columns.messages = 'messages';
      tags = { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', observation_tag: 'tool', system_tag: 'system' };
      break;
    default:
      columns.messages = 'conversations';
      tags = {
        role_tag: 'from',
        content_tag: 'value',
        user_tag: 'human',
        assistant_tag: 'gpt',
        observation_tag: 'observation',
        function_tag: 'function_call',
        system_tag: 'system',
      };
  }
  if (options.hasSystem) columns.system = 'system';
  if (options.hasTools) columns.tools = 'tools';
  if (options.hasMaskedTurns) {
    warnings.push(
      "LLaMA-Factory's sharegpt loader trains every assistant turn: it ignores the export's per-turn loss flags " +
        '(e.g. AgentInstruct\'s "Ok." acknowledgements with loss: false). Use Axolotl with the snippet, or accept the difference.',
    );
  }
  return { entry: { file_name: options.fileName, formatting: 'sharegpt', columns, tags }, warnings };
}

/**
 * Adds or replaces one dataset in the content of an existing `dataset_info.json` (which lists every
 * dataset of a folder), keeping the others and their order. Returns the new file text, or a message
 * when the existing file is not a JSON object.
 */
export function mergeDatasetInfo(existing: string | null, name: string, entry: Record<string, unknown>): { ok: true; text: string } | { ok: false; message: string } {
  let datasets: Record<string, unknown> = {};
  if (existing !== null && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (error) {
      return { ok: false, message: `dataset_info.json is not JSON (${error instanceof Error ? error.message : String(error)}); fix or remove it` };
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      return { ok: false, message: 'dataset_info.json does not hold a JSON object of datasets; fix or remove it' };
    }
    datasets = parsed as Record<string, unknown>;
  }
  return { ok: true, text: `${JSON.stringify({ ...datasets, [name]: entry }, null, 2)}\n` };
}
