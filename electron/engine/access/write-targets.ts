import { basename, dirname, extname, join } from 'node:path';
import { z } from 'zod';
import { axolotlPathFor, llamaFactoryYamlPathFor, manifestPathFor } from '../../../shared/export/settings';
import { parseReviewFile } from '../../../shared/review/parse-review-file';
import { FileAccessError } from './access-error';
import type { FileAccess } from './file-access';
import { readSmallFile } from './read-small-file';

/**
 * What the API may write where (docs/security.md, "File access"): only into allowed folders, a new
 * file only under a name of its kind (never a hidden name such as `.bashrc`), and over an existing
 * file only when that file is of the kind being written: a review file over a review file, a recipe
 * over a recipe, an export over an earlier export that its manifest describes.
 */

/** The largest review file read whole (a million decisions with edits fit). */
export const MAX_REVIEW_BYTES = 256 * 1024 * 1024;

/** The largest recipe read whole. */
export const MAX_RECIPE_BYTES = 4 * 1024 * 1024;

/** The largest manifest or `dataset_info.json` read to check what it is. */
const MAX_SIDE_BYTES = 64 * 1024 * 1024;

/**
 * What makes a file an AgentMix manifest, loosely (a manifest written by an older or newer version
 * must still be recognized): its app, its outputs by path, its extras.
 */
const manifestShape = z.object({
  app: z.object({ name: z.string() }),
  outputs: z.array(z.object({ path: z.string() })),
  extras: z.object({ axolotl: z.string().optional(), llamaFactory: z.array(z.string()).optional() }).optional(),
});

/** Name endings of new files by kind. */
const NEW_NAMES = {
  review: ['.jsonl', '.ndjson', '.json'],
  recipe: ['.json'],
  export: ['.json', '.jsonl'],
} as const;

/** Refuses a new file whose name is hidden or does not end as its kind's files do. */
function requireName(real: string, kind: keyof typeof NEW_NAMES, what: string): void {
  const name = basename(real);
  if (name.startsWith('.')) throw new FileAccessError('forbidden', `${what} ${real}: AgentMix never writes a hidden file`);
  const endings: readonly string[] = NEW_NAMES[kind];
  if (!endings.includes(extname(name).toLowerCase())) throw new FileAccessError('bad-request', `${what} ${real}: the name must end in ${endings.join(', ')}`);
}

/** The parsed JSON of a small file, or undefined when it is not JSON. */
async function readJson(path: string, what: string): Promise<unknown> {
  const text = await readSmallFile(path, MAX_SIDE_BYTES, what);
  try {
    return JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    return undefined;
  }
}

/**
 * Checks a review file target; returns the real path to write. An existing file must be a review
 * file (at least one review line, every line JSON), and `lines` 0 never replaces decisions.
 */
export async function checkReviewTarget(access: FileAccess, path: string, lines: number): Promise<string> {
  const what = 'review file';
  const { real, exists } = await access.checkWrite(path, what);
  requireName(real, 'review', what);
  if (!exists) return real;
  const text = await readSmallFile(real, MAX_REVIEW_BYTES, what);
  if (text.trim() === '') return real;
  const parsed = parseReviewFile(text, real);
  if (parsed.entries.length === 0 || parsed.notJson > 0) throw new FileAccessError('forbidden', `${what} ${real}: the file there is not a review file, so it is not replaced; choose another name`);
  if (lines === 0) throw new FileAccessError('bad-request', `${what} ${real}: it holds ${parsed.entries.length.toLocaleString('en-US')} decisions and this review has none; nothing was written`);
  return real;
}

/** Checks a recipe target; returns the real path to write. An existing file must be a recipe (a JSON object with `sources`). */
export async function checkRecipeTarget(access: FileAccess, path: string): Promise<string> {
  const what = 'recipe';
  const { real, exists } = await access.checkWrite(path, what);
  requireName(real, 'recipe', what);
  if (!exists) return real;
  const text = await readSmallFile(real, MAX_RECIPE_BYTES, what);
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch {
    value = undefined;
  }
  const isRecipe = typeof value === 'object' && value !== null && !Array.isArray(value) && Array.isArray((value as { sources?: unknown }).sources);
  if (!isRecipe) throw new FileAccessError('forbidden', `${what} ${real}: the file there is not a recipe, so it is not replaced; choose another name`);
  return real;
}

/** The files an export writes, as the export request resolves them. */
export interface ExportTargets {
  out: string;
  /** The validation file, when the mix holds records out. */
  validationOut: string | null;
  /** The LLaMA-Factory side file the format gets: `dataset_info.json`, a v1 YAML per file, or none. */
  llamaFactory: 'json' | 'v1-yaml' | null;
  axolotl: boolean;
}

/**
 * Checks every file an export writes: the outputs (new, or outputs the manifest beside them lists),
 * the manifest (new, or a manifest), `dataset_info.json` (new, or a JSON object, which is merged),
 * the v1 YAML configs and the Axolotl snippet (new, or the ones the manifest lists).
 */
export async function checkExportTargets(access: FileAccess, targets: ExportTargets): Promise<void> {
  const what = 'export';
  const out = await access.checkWrite(targets.out, what);
  const manifestPath = manifestPathFor(out.real);
  const manifest = await access.checkWrite(manifestPath, 'export manifest');
  if (basename(manifestPath).startsWith('.')) throw new FileAccessError('forbidden', `export ${out.real}: AgentMix never writes a hidden file`);
  let listed: { outputs: string[]; axolotl: string | null; llamaFactory: string[] } | null = null;
  if (manifest.exists) {
    const parsed = manifestShape.safeParse(await readJson(manifest.real, 'export manifest'));
    if (!parsed.success) throw new FileAccessError('forbidden', `export manifest ${manifest.real}: the file there is not an AgentMix manifest, so it is not replaced; choose another output name`);
    listed = {
      outputs: parsed.data.outputs.map((output) => basename(output.path)),
      axolotl: parsed.data.extras?.axolotl === undefined ? null : basename(parsed.data.extras.axolotl),
      llamaFactory: (parsed.data.extras?.llamaFactory ?? []).map((path) => basename(path)),
    };
  }
  const checkOutput = async (path: string): Promise<void> => {
    const target = path === targets.out ? out : await access.checkWrite(path, what);
    requireName(target.real, 'export', what);
    if (target.exists && !(listed?.outputs.includes(basename(target.real)) ?? false)) throw new FileAccessError('forbidden', `export ${target.real}: a file is there that no AgentMix manifest beside it describes, so it is not replaced; choose another output name`);
  };
  await checkOutput(targets.out);
  if (targets.validationOut !== null) await checkOutput(targets.validationOut);
  if (targets.llamaFactory === 'v1-yaml') {
    for (const file of [targets.out, targets.validationOut]) {
      if (file === null) continue;
      const config = await access.checkWrite(llamaFactoryYamlPathFor((await access.checkWrite(file, what)).real), 'LLaMA-Factory dataset config');
      if (config.exists && !(listed?.llamaFactory.includes(basename(config.real)) ?? false)) throw new FileAccessError('forbidden', `LLaMA-Factory dataset config ${config.real}: a file is there that no AgentMix manifest lists, so it is not replaced`);
    }
  }
  if (targets.llamaFactory === 'json') {
    const info = await access.checkWrite(join(dirname(out.real), 'dataset_info.json'), 'LLaMA-Factory dataset_info.json');
    if (info.exists) {
      const value = await readJson(info.real, 'dataset_info.json');
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new FileAccessError('forbidden', `dataset_info.json ${info.real}: the file there is not a JSON object, so it is not replaced`);
    }
  }
  if (targets.axolotl) {
    const snippet = await access.checkWrite(axolotlPathFor(out.real), 'Axolotl snippet');
    if (snippet.exists && listed?.axolotl !== basename(snippet.real)) throw new FileAccessError('forbidden', `Axolotl snippet ${snippet.real}: a file is there that no AgentMix manifest lists, so it is not replaced`);
  }
}
