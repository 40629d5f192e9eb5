/**
 * The recipe's JSON Schema, generated from the zod schema (zod 4's `z.toJSONSchema`), so the UI's
 * Monaco editor and any other editor validate a recipe with the same rules as the pipeline.
 * `resources/recipe.schema.json` holds it; a test checks that the file is up to date
 * (regenerate: `node bin/run-ts.mjs electron/engine/pipeline/write-recipe-schema.ts`).
 */
import { z } from 'zod';
import { recipeSchema } from './schema';

/** Where the schema file lives, relative to the repository root. */
export const RECIPE_SCHEMA_PATH = 'resources/recipe.schema.json';

/** The JSON Schema (draft 2020-12) of a recipe as a file writes it (defaults optional). */
export function recipeJsonSchema(): Record<string, unknown> {
  const schema = z.toJSONSchema(recipeSchema, { io: 'input', unrepresentable: 'any', target: 'draft-2020-12' }) as Record<string, unknown>;
  return { ...schema, title: 'AgentMix recipe', description: 'Sources, evaluation sets, filters, dedup, leakage, review, mix and export of one AgentMix run (docs/recipe.md).' };
}

/** The schema file's text: 2-space JSON with a final newline. */
export function recipeJsonSchemaText(): string {
  return `${JSON.stringify(recipeJsonSchema(), null, 2)}\n`;
}
