import { dirname, isAbsolute, resolve } from 'node:path';
import { defaultOutPath } from '../../../shared/export/settings';
import { recipeSchema, type Recipe } from '../../../shared/recipe/schema';
import { writeFileAtomic } from './atomic-file';

/**
 * A recipe moved to another folder (docs/recipe.md, "Saving a recipe"): paths in a recipe are
 * relative to its own folder, so a copy saved elsewhere gets every path absolute, resolved from the
 * folder the recipe came from: sources, evaluation sets, the reward scores file, review files, the
 * `$schema` pointer, the export's train and validation files (the default train file too, which
 * would otherwise follow the copy), the trainers' base folder, and the keys of `mix.sources`, which
 * name sources by their recipe paths. A copy saved in the same folder is unchanged.
 */
export function recipeForFolder(recipe: Recipe, from: string, to: string): Recipe {
  if (resolve(from) === resolve(to)) return recipe;
  const absolute = (path: string): string => (isAbsolute(path) ? path : resolve(from, path));
  const copy = structuredClone(recipe);
  if (copy.$schema !== undefined && !/^[a-z][a-z0-9+.-]*:/i.test(copy.$schema)) copy.$schema = absolute(copy.$schema);
  for (const source of copy.sources) source.path = absolute(source.path);
  for (const set of copy.evalSets) set.path = absolute(set.path);
  if (copy.filters.reward.scores !== undefined) copy.filters.reward.scores = absolute(copy.filters.reward.scores);
  if (copy.review !== undefined) copy.review.files = copy.review.files.map(absolute);
  if (copy.mix !== undefined) copy.mix.sources = Object.fromEntries(Object.entries(copy.mix.sources).map(([path, cap]) => [absolute(path), cap]));
  if (copy.export !== undefined) {
    copy.export.out = absolute(copy.export.out ?? defaultOutPath(copy.export.format));
    if (copy.export.validationOut !== undefined) copy.export.validationOut = absolute(copy.export.validationOut);
    if (copy.export.base !== undefined) copy.export.base = absolute(copy.export.base);
  }
  return copy;
}

/**
 * Saves `recipe`, read from the folder `from`, as `target`: paths made absolute when the folder
 * changes ({@link recipeForFolder}), checked against the recipe schema so that a saved recipe always
 * opens again, and written atomically (a kill leaves the old file or the new one).
 */
export async function saveRecipe(target: string, recipe: Recipe, from: string): Promise<string> {
  const file = resolve(target);
  const moved = recipeForFolder(recipe, from, dirname(file));
  recipeSchema.parse(moved);
  await writeFileAtomic(file, `${JSON.stringify(moved, null, 2)}\n`);
  return file;
}
