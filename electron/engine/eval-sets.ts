import { readdir, readFile, stat } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import type { EvalItem } from '../../shared/leakage/ngram-index';
import { stringsAt } from '../../shared/formats/field-path';
import { evalSetSpec, type EvalSetSpec } from '../../shared/leakage/settings';
import type { Problem } from '../../shared/schema/problem';
import { scanJson } from '../../shared/text/json-scanner';

/**
 * Loads evaluation sets for the leakage check (docs/dedup-and-leakage.md, "Evaluation sets"): JSON arrays, single JSON objects, arrays
 * of strings, JSONL, or folders of them; extracts the named text fields; keeps a range of items.
 * Errors are values: a bad file or item is reported with file, line and byte offset, and the
 * readable items are still returned.
 */

/** The AgentBench held-in test sets as AgentTuning used them, relative to the data folder (`../shared/data`). */
export const AGENTBENCH_EVAL_SETS: readonly EvalSetSpec[] = [
  // 144 problems in data/1..7 (lists and single objects); dev.json beside them is the dev split.
  { name: 'os', path: 'agentbench-old-testsets/os_interaction/data', fields: ['description'], exclude: ['dev.json'] },
  { name: 'db', path: 'agentbench-old-testsets/dbbench/standard.jsonl', fields: ['description'], exclude: [] },
  { name: 'kg', path: 'agentbench-old-testsets/knowledgegraph/std.json', fields: ['question'], exclude: [] },
  // WebShop's baseline env uses goals 0-499 as its test split (baseline_models/env.py).
  { name: 'webshop', path: 'webshop-human-goals/human_goals.json', fields: [], range: { start: 0, end: 500 }, exclude: [] },
];

/** A loaded evaluation set. */
export interface LoadedEvalSet {
  name: string;
  items: EvalItem[];
  /** The files read, in order. */
  files: string[];
  problems: Problem[];
}

/** Byte offset (UTF-8) of a character offset. */
function byteOffset(text: string, offset: number): number {
  return Buffer.byteLength(text.slice(0, offset), 'utf8');
}

/**
 * The text of one item: a string as it is, or the strings its field paths reach (`question`,
 * `meta.prompt`, BFCL's `question[][].content`: shared/formats/field-path.ts), joined by a blank line.
 */
function itemText(value: unknown, fields: readonly string[]): string | null {
  if (typeof value === 'string') return value;
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const texts: string[] = [];
  for (const field of fields) for (const text of stringsAt(value, field)) if (text.trim() !== '') texts.push(text);
  return texts.length === 0 ? null : texts.join('\n\n');
}

/** Files of a folder, recursively, in path order (JSON and JSONL only). */
async function listFiles(folder: string, exclude: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  const walk = async (directory: string): Promise<void> => {
    const entries = await readdir(directory, { withFileTypes: true });
    entries.sort((first, second) => first.name.localeCompare(second.name, 'en', { numeric: true }));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const relativePath = relative(folder, path).split(sep).join('/');
      if (exclude.includes(entry.name) || exclude.includes(relativePath)) continue;
      if (entry.isDirectory()) await walk(path);
      else if (/\.jsonl?$/i.test(entry.name)) files.push(path);
    }
  };
  await walk(folder);
  return files;
}

/** The values of one file with the line and byte offset of each, or a problem. */
function parseValues(file: string, text: string, problems: Problem[]): { value: unknown; line: number; offset: number }[] {
  if (/\.jsonl$/i.test(file)) {
    const values: { value: unknown; line: number; offset: number }[] = [];
    let start = 0;
    let line = 1;
    while (start <= text.length) {
      let end = text.indexOf('\n', start);
      if (end === -1) end = text.length;
      const content = text.slice(start, end).trim();
      if (content !== '') {
        try {
          values.push({ value: JSON.parse(content), line, offset: byteOffset(text, start) });
        } catch (error) {
          problems.push({ file, line, offset: byteOffset(text, start), message: `line is not valid JSON (${(error as Error).message}); fix or remove the line` });
        }
      }
      start = end + 1;
      line++;
    }
    return values;
  }
  // A JSON file: split into top-level elements by the structural scanner, so one broken element
  // is reported at its own line and the others are still read.
  const bytes = Buffer.from(text, 'utf8');
  const mode = text.trimStart().startsWith('[') ? 'array' : 'values';
  const scanned = scanJson(bytes, mode);
  for (const problem of scanned.problems) problems.push({ file, line: problem.errorLine, offset: problem.errorOffset, message: problem.message });
  const values: { value: unknown; line: number; offset: number }[] = [];
  for (const record of scanned.records) {
    try {
      values.push({ value: JSON.parse(bytes.subarray(record.start, record.end).toString('utf8')), line: record.line, offset: record.start });
    } catch (error) {
      problems.push({ file, line: record.line, offset: record.start, message: `element is not valid JSON (${(error as Error).message}); fix or remove it` });
    }
  }
  return values;
}

/**
 * Loads one evaluation set. `baseDirectory` resolves a relative `path` (the recipe's folder).
 * Items without any of the named text fields are reported as problems and skipped.
 */
export async function loadEvalSet(specInput: EvalSetSpec | unknown, baseDirectory: string): Promise<LoadedEvalSet> {
  const spec = evalSetSpec.parse(specInput);
  const root = resolve(baseDirectory, spec.path);
  const loaded: LoadedEvalSet = { name: spec.name, items: [], files: [], problems: [] };
  let isFolder: boolean;
  try {
    isFolder = (await stat(root)).isDirectory();
  } catch {
    loaded.problems.push({ file: root, line: 1, offset: 0, message: `evaluation set "${spec.name}": no file or folder at ${root}; check its path in the recipe` });
    return loaded;
  }
  loaded.files = isFolder ? await listFiles(root, spec.exclude) : [root];
  const start = spec.range?.start ?? 0;
  const end = spec.range?.end ?? Number.POSITIVE_INFINITY;
  let ordinal = 0;
  for (const file of loaded.files) {
    const text = await readFile(file, 'utf8');
    for (const { value, line, offset } of parseValues(file, text, loaded.problems)) {
      const index = ordinal++;
      if (index < start || index >= end) continue;
      const content = itemText(value, spec.fields);
      if (content === null) {
        loaded.problems.push({
          file,
          line,
          offset,
          record: index,
          message: `item ${index} of "${spec.name}" has none of the text fields ${spec.fields.map((field) => `"${field}"`).join(', ')}; name its field in "fields"`,
        });
        continue;
      }
      loaded.items.push({ set: spec.name, index, text: content });
    }
  }
  if (loaded.files.length === 0) loaded.problems.push({ file: root, line: 1, offset: 0, message: `evaluation set "${spec.name}": no .json or .jsonl file in ${basename(root)}` });
  return loaded;
}

/** Loads several evaluation sets; items keep their set's name. */
export async function loadEvalSets(specs: readonly (EvalSetSpec | unknown)[], baseDirectory: string): Promise<LoadedEvalSet[]> {
  const sets: LoadedEvalSet[] = [];
  for (const spec of specs) sets.push(await loadEvalSet(spec, baseDirectory));
  return sets;
}
