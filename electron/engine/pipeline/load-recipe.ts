/**
 * Reading a recipe file: JSON, validated by the zod schema, with every path it names checked before
 * any shard is read. Problems are values with the file and the field (`recipe.json:
 * sources.1.path: no such file or folder (/abs/path)`), thrown together as one {@link RecipeError}
 * so that `agentmix run` can exit with code 2 and a message that says what to fix.
 */
import { readFile, stat } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { scanJson } from '../../../shared/text/json-scanner';
import { formatRecipeIssues, parseRecipe, type RecipeIssue } from '../../../shared/recipe/parse-recipe';
import type { Recipe } from '../../../shared/recipe/schema';
import { describeFsError } from '../sources/expand-paths';

/** A recipe read from a file: where it is (paths resolve against its folder) and what it says. */
export interface LoadedRecipe {
  /** The recipe file, absolute. */
  file: string;
  /** Its folder: paths in the recipe are relative to it. */
  directory: string;
  recipe: Recipe;
}

/** `file: field: message`, or a list under the file when there are several. */
function describeIssues(file: string, issues: readonly RecipeIssue[]): string {
  const lines = formatRecipeIssues(issues);
  return issues.length === 1 ? `${file}: ${lines}` : `${file}: ${issues.length} problems:\n  ${lines.split('\n').join('\n  ')}`;
}

/** A recipe that cannot be used: the file, and one issue per field. */
export class RecipeError extends Error {
  constructor(
    readonly file: string,
    readonly issues: readonly RecipeIssue[],
  ) {
    super(describeIssues(file, issues));
    this.name = 'RecipeError';
  }
}

/** Parses a recipe's text; `file` names it in errors and anchors its relative paths. */
export function recipeFromText(text: string, file: string): LoadedRecipe {
  const absolute = resolve(file);
  let value: unknown;
  try {
    value = JSON.parse(text.startsWith('\uFEFF') ? text.slice(1) : text);
  } catch (error) {
    // JSON.parse does not always say where; the project's scanner does (line and byte).
    const found = scanJson(Buffer.from(text, 'utf8'), 'values').problems[0];
    const message = found === undefined ? (error instanceof Error ? error.message : String(error)) : `line ${found.errorLine} (byte ${found.errorOffset}): ${found.message.replace(/^not valid JSON: /, '').replace(/; the element was skipped.*$/s, '')}`;
    throw new RecipeError(absolute, [{ path: '(recipe)', message: `not valid JSON at ${message}` }]);
  }
  const parsed = parseRecipe(value);
  if (!parsed.ok) throw new RecipeError(absolute, parsed.issues);
  return { file: absolute, directory: dirname(absolute), recipe: parsed.recipe };
}

/** Reads and validates a recipe file (paths are not checked: see {@link checkRecipePaths}). */
export async function readRecipe(file: string): Promise<LoadedRecipe> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw new RecipeError(resolve(file), [{ path: '(recipe)', message: `cannot read the recipe: ${describeFsError(error)}` }]);
  }
  return recipeFromText(text, file);
}

/** A path of the recipe resolved against its folder. */
export function recipePath(loaded: LoadedRecipe, path: string): string {
  return resolve(loaded.directory, path);
}

/** Every path the recipe names (shards, evaluation sets, scores, review files), with the field that names it. */
export function namedPaths(recipe: Recipe): { field: string; path: string }[] {
  const paths: { field: string; path: string }[] = [];
  recipe.sources.forEach((source, index) => {
    if (source.enabled) paths.push({ field: `sources.${index}.path`, path: source.path });
  });
  if (recipe.leakage.enabled) recipe.evalSets.forEach((set, index) => paths.push({ field: `evalSets.${index}.path`, path: set.path }));
  if (recipe.filters.reward.scores !== undefined) paths.push({ field: 'filters.reward.scores', path: recipe.filters.reward.scores });
  recipe.review?.files.forEach((file, index) => paths.push({ field: `review.files.${index}`, path: file }));
  return paths;
}

/** Checks that every path of the recipe exists; throws one {@link RecipeError} listing those that do not. */
export async function checkRecipePaths(loaded: LoadedRecipe): Promise<void> {
  const issues: RecipeIssue[] = [];
  for (const { field, path } of namedPaths(loaded.recipe)) {
    const absolute = recipePath(loaded, path);
    try {
      await stat(absolute);
    } catch (error) {
      issues.push({ path: field, message: `${describeFsError(error)}: ${absolute} (paths are relative to the recipe's folder)` });
    }
  }
  if (!loaded.recipe.sources.some((source) => source.enabled)) issues.push({ path: 'sources', message: 'every source has "enabled": false; nothing to run' });
  if (issues.length > 0) throw new RecipeError(loaded.file, issues);
}

/** Reads, validates and checks a recipe file: what `engine.openRecipe` and `agentmix run` call. */
export async function loadRecipe(file: string): Promise<LoadedRecipe> {
  const loaded = await readRecipe(file);
  await checkRecipePaths(loaded);
  return loaded;
}
