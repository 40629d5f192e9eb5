import { readFile } from 'node:fs/promises';
import { basename, dirname, isAbsolute, relative, resolve } from 'node:path';
import { z } from 'zod';
import { mappedFormat } from '../../../shared/formats/mapping';
import { mappingColumns, mappingSchema, mappingTags } from '../../../shared/formats/mapping-schema';
import type { SourceOptions } from '../types';

/**
 * LLaMA-Factory's `dataset_info.json` opened as a list of sources (docs/formats.md, "Mappings"):
 * each dataset with a `file_name` is a source read through the mapping its `formatting`,
 * `columns` and `tags` make; a dataset only on a hub, a ranking (preference) dataset or a file
 * that is not there or lies outside the list's folder is one problem, and the other datasets are
 * read.
 */

/** One dataset as LLaMA-Factory describes it; keys we do not use (split, subset, num_samples...) pass. */
const datasetEntry = z.looseObject({
  file_name: z.string().min(1).optional(),
  hf_hub_url: z.string().optional(),
  ms_hub_url: z.string().optional(),
  om_hub_url: z.string().optional(),
  script_url: z.string().optional(),
  cloud_file_name: z.string().optional(),
  formatting: z.enum(['alpaca', 'sharegpt', 'openai']).optional(),
  ranking: z.boolean().optional(),
  columns: mappingColumns.optional(),
  tags: mappingTags.optional(),
});

/** What one dataset of the file gives: a path to read with these options, or why it cannot be read. */
export type DatasetSource = { name: string; path: string; options: Pick<SourceOptions, 'format' | 'mapping' | 'dataset'> } | { name: string; path: string; unreadable: string };

/** True for a file named like LLaMA-Factory's dataset list. */
export function isDatasetInfoName(path: string): boolean {
  return basename(path).toLowerCase() === 'dataset_info.json';
}

/** The datasets of a `dataset_info.json`, or why the file is not one (it cannot be read, is not JSON, is not an object of datasets). */
export async function readDatasetInfo(path: string): Promise<DatasetSource[] | { error: string }> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    return { error: `${path} is not a dataset_info.json LLaMA-Factory can read: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return { error: `${path}: a dataset_info.json is one object of datasets by name; found ${Array.isArray(value) ? 'an array' : typeof value}` };
  const folder = dirname(path);
  return Object.entries(value).map(([name, entry]) => datasetSource(folder, name, entry));
}

function datasetSource(folder: string, name: string, entry: unknown): DatasetSource {
  const where = `dataset "${name}" of dataset_info.json`;
  const parsed = datasetEntry.safeParse(entry);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { name, path: folder, unreadable: `${where}: ${issue.path.join('.') || 'the entry'}: ${issue.message}` };
  }
  const dataset = parsed.data;
  if (dataset.file_name === undefined) {
    const hub = (['hf_hub_url', 'ms_hub_url', 'om_hub_url', 'script_url', 'cloud_file_name'] as const).find((key) => dataset[key] !== undefined);
    const reason = hub === undefined ? 'it names no file_name' : `it is not a local file (${hub} "${dataset[hub]}"): download it and name the file`;
    return { name, path: folder, unreadable: `${where} is not read: ${reason}` };
  }
  const path = resolve(folder, dataset.file_name);
  const inside = relative(folder, path);
  if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
    // Only files beside the list: opening a folder never reaches outside it through one.
    return { name, path: folder, unreadable: `${where} is not read: its file_name "${dataset.file_name}" is outside the folder of dataset_info.json (a dataset list reads only the files beside it)` };
  }
  if (dataset.ranking === true) return { name, path, unreadable: `${where} is a ranking dataset (chosen/rejected pairs for preference training): not read, since AgentMix curates conversations for supervised tuning` };
  const mapping = mappingSchema.parse({ formatting: dataset.formatting ?? 'alpaca', columns: dataset.columns ?? {}, tags: dataset.tags ?? {} });
  return { name, path, options: { format: mappedFormat(mapping), mapping, dataset: name } };
}
