/**
 * Writes resources/recipe.schema.json from the recipe's zod schema:
 * `node bin/run-ts.mjs electron/engine/pipeline/write-recipe-schema.ts`.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { RECIPE_SCHEMA_PATH, recipeJsonSchemaText } from '../../../shared/recipe/json-schema';

/** Writes the schema file under `root` (the repository) and returns its path. */
export function writeRecipeSchema(root: string): string {
  const path = join(root, RECIPE_SCHEMA_PATH);
  writeFileSync(path, recipeJsonSchemaText());
  return path;
}

if (process.argv[1] !== undefined && fileURLToPath(import.meta.url) === process.argv[1]) {
  const written = writeRecipeSchema(fileURLToPath(new URL('../../..', import.meta.url)));
  process.stdout.write(`wrote ${written}\n`);
}
