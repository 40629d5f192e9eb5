import { dirname } from 'node:path';
import { recipeFromText, recipePath, namedPaths, type LoadedRecipe } from '../pipeline/load-recipe';
import { FileAccessError } from './access-error';
import type { FileAccess } from './file-access';
import { readSmallFile } from './read-small-file';
import { MAX_RECIPE_BYTES } from './write-targets';

/**
 * The reads a recipe asks for (docs/security.md, "File access"). A recipe the user chose or named
 * by itself (a native dialog's choice, the `--recipe` of `agentmix serve`) grants what it names, as
 * naming those files would; any other recipe may name only files already allowed, so a recipe
 * written into an allowed folder cannot reach outside it.
 */
export async function checkRecipeAccess(access: FileAccess, path: string): Promise<LoadedRecipe> {
  const checked = await access.checkRead(path, 'recipe');
  if (checked.type !== 'file') throw new FileAccessError('bad-request', `recipe ${path}: is a folder; give the recipe file`);
  const loaded = recipeFromText(await readSmallFile(checked.real, MAX_RECIPE_BYTES, 'recipe'), path);
  const named = namedPaths(loaded.recipe).map((entry) => ({ ...entry, absolute: recipePath(loaded, entry.path) }));
  if (await access.isFileGrant(checked.real)) {
    const reason = `named by the recipe ${checked.real}`;
    // A path that does not exist is left for the recipe's own check to report.
    for (const entry of named) await access.grant(entry.absolute, reason).catch(() => undefined);
    const out = loaded.recipe.export?.out;
    await access.grantFolderToBe(dirname(out === undefined ? loaded.file : recipePath(loaded, out)), reason);
    return loaded;
  }
  const refused: { field: string; error: FileAccessError }[] = [];
  for (const entry of named) {
    try {
      await access.checkRead(entry.absolute, entry.field);
    } catch (error) {
      if (!(error instanceof FileAccessError)) throw error;
      if (error.code === 'forbidden') refused.push({ field: entry.field, error });
    }
  }
  if (refused.length > 0) {
    const lines = refused.map((entry) => entry.error.message).join('; ');
    throw new FileAccessError('forbidden', `recipe ${path} names files outside the allowed folders: ${lines}`, [...new Set(refused.flatMap((entry) => entry.error.denied))]);
  }
  return loaded;
}
