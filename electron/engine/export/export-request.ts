import { isAbsolute, resolve } from 'node:path';
import { containerOf, defaultOutPath, EXPORT_FORMATS, validationPathFor, type ExportFormat, type ExportSettings, type ExportSettingsInput } from '../../../shared/export/settings';
import type { MixSettings, MixSettingsInput } from '../../../shared/mix/settings';
import { parseRecipe } from '../../../shared/recipe/parse-recipe';
import type { Recipe } from '../../../shared/recipe/schema';
import { RecipeError, type LoadedRecipe } from '../pipeline/load-recipe';
import type { AppInfo } from './app-info';
import type { ExportPath } from './write-export';

/**
 * What an export is asked to do beyond the recipe: the `agentmix run` options (`--out`, `--format`)
 * and the export dialog's fields override the recipe's `export` and `mix` sections field by field.
 */
export interface ExportRequest {
  /** Fields replacing the recipe's `export` ones; `out` and `validationOut` are relative to the recipe's folder, or absolute. */
  export?: Partial<ExportSettingsInput>;
  /** Fields replacing the recipe's `mix` ones. */
  mix?: Partial<MixSettingsInput>;
  /** Name and version for the manifest (default: this build's package.json). */
  app?: AppInfo;
}

/** The export settings a run will use, its paths, and the recipe as the manifest records it. */
export interface ResolvedExport {
  settings: ExportSettings;
  mix: MixSettings;
  out: ExportPath;
  validationOut: ExportPath;
  /** `export.base` resolved from the recipe's folder, when set. */
  base?: string;
  /** The recipe with every default filled in and the request applied (`export.out` always set). */
  recipe: Recipe;
}

/**
 * `out/mix.json` exported as `openai` → `out/mix.openai.jsonl`: the name a format override gives the
 * recipe's output, so that a loop over formats keeps every export instead of overwriting one file
 * with another format's records.
 */
export function outForFormat(out: string, format: ExportFormat): string {
  const slash = Math.max(out.lastIndexOf('/'), out.lastIndexOf('\\'));
  const dot = out.lastIndexOf('.');
  const stem = dot > slash + 1 ? out.slice(0, dot) : out;
  return `${stem}.${format}.${containerOf(format) === 'jsonl' ? 'jsonl' : 'json'}`;
}

function exportPath(loaded: LoadedRecipe, shown: string): ExportPath {
  return { file: isAbsolute(shown) ? shown : resolve(loaded.directory, shown), shown };
}

/**
 * Applies a request to the recipe's `export` and `mix` sections and validates the result with the
 * recipe's own schema, so a bad override is reported like a bad recipe field (RecipeError naming the
 * file and `export.format`...). A format override that differs from the recipe's renames the
 * LLaMA-Factory dataset `<name>_<format>` (unless the request names it) and, without an `out`, moves
 * the recipe's output to {@link outForFormat}, so `agentmix run r.json --format F` for each F gives
 * one export per format side by side, each with its own `dataset_info.json` entry.
 */
export function resolveExportRequest(loaded: LoadedRecipe, request: ExportRequest = {}): ResolvedExport {
  const base = loaded.recipe.export;
  const changes: Partial<ExportSettingsInput> = { ...request.export };
  const format = changes.format;
  // An unknown format is left for the schema to report, with the file and the field.
  if (format !== undefined && base !== undefined && format !== base.format && (EXPORT_FORMATS as readonly string[]).includes(format)) {
    if (changes.out === undefined && base.out !== undefined) {
      changes.out = outForFormat(base.out, format);
      if (changes.validationOut === undefined && base.validationOut !== undefined) changes.validationOut = outForFormat(base.validationOut, format);
    }
    if (changes.datasetName === undefined) changes.datasetName = `${base.datasetName}_${format}`;
  }
  const parsed = parseRecipe({ ...loaded.recipe, mix: { ...loaded.recipe.mix, ...request.mix }, export: { ...base, ...changes } });
  if (!parsed.ok) throw new RecipeError(loaded.file, parsed.issues);
  const settings = parsed.recipe.export as ExportSettings;
  const out = settings.out ?? defaultOutPath(settings.format);
  const resolved: ExportSettings = { ...settings, out };
  return {
    settings: resolved,
    mix: parsed.recipe.mix as MixSettings,
    out: exportPath(loaded, out),
    validationOut: exportPath(loaded, settings.validationOut ?? validationPathFor(out)),
    ...(settings.base !== undefined ? { base: resolve(loaded.directory, settings.base) } : {}),
    recipe: { ...parsed.recipe, export: resolved },
  };
}
