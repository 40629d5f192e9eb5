import { recipeFilters, recipeSchema, type Recipe } from '../../../shared/recipe/schema';
import { checkRecipeTarget } from '../access/write-targets';
import { saveRecipe } from '../export/save-recipe';
import { filtersToMeasure } from '../pipeline/measure-needs';
import { unmeasuredOf } from '../pipeline/measure-plan';
import { needsRerun } from '../pipeline/needs-rerun';
import type { PipelineResult } from '../pipeline/pipeline-result';
import { exportRequestOf } from './export-handlers';
import { countVerdicts, scoreHistogram, type ScoreHistogram } from './filter-counts';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/**
 * `filters.state`, `filters.apply`, `recipe.save` and `recipe.text` (docs/ui.md, "Views after a pipeline run"):
 * histograms and counts from the last run's stored measurements; new settings re-judge them
 * (`PipelineResult.rejudge`) without reading a shard, and a change that needs a re-run says why.
 */
export function filterHandlers(services: ApiServices): HandlerModule<'filters.state' | 'filters.apply' | 'recipe.save' | 'recipe.text'> {
  const { engine, emit, jobs } = services;
  let rejudges = 0;
  const lastRun = (): PipelineResult => {
    const result = engine.lastRun?.() ?? null;
    if (result === null) throw new ApiFailure('unsupported', 'the pipeline has not run yet: run it (Run pipeline) to measure the records, then move the thresholds');
    return result;
  };
  return {
    'filters.state': ({ scores, split, bins }) => {
      const result = lastRun();
      const histograms = scores.map((score) => scoreHistogram(result, score, split, bins)).filter((histogram): histogram is ScoreHistogram => histogram !== null);
      return { filters: result.recipe.filters as Record<string, unknown>, scoreNames: [...result.measured.scores.keys()], measured: [...result.measured.filters], histograms, counts: countVerdicts(result) };
    },
    'filters.apply': async ({ filters }) => {
      const result = lastRun();
      const parsed = recipeFilters.safeParse(filters);
      if (!parsed.success) throw new ApiFailure('bad-request', `the filter settings are not valid: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
      const next: Recipe = { ...result.recipe, filters: parsed.data };
      const reasons = needsRerun(result.recipe, next);
      if (reasons.length > 0) return { applied: false, needsRerun: reasons, milliseconds: 0, counts: countVerdicts(result), measured: [] };
      // A filter switched on that the run did not measure is measured now, as a job with progress
      // (docs/scale.md, "Pay only for what is on"); thresholds of measured filters stay live.
      const missing = unmeasuredOf(result, filtersToMeasure(next));
      let measured: string[] = [];
      if (missing.length > 0) {
        const measureFilters = engine.measureFilters;
        if (measureFilters === undefined) throw new ApiFailure('unsupported', `this engine cannot measure ${missing.join(', ')} after the run: run the pipeline again`);
        measured = await jobs.run('pipeline', `Measuring the ${missing.join(', ')} filter${missing.length > 1 ? 's' : ''}`, (control) =>
          measureFilters(missing, { signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit) }),
        );
      }
      // The run may have changed while measuring (a new run): judge the result the engine holds now.
      const current = lastRun();
      if (current !== result) return { applied: false, needsRerun: ['the pipeline ran again while the filter was measured'], milliseconds: 0, counts: countVerdicts(current), measured };
      const { milliseconds } = result.rejudge(next);
      const counts = countVerdicts(result);
      // The desk's verdict column and viewer read the verdicts too: tell them they changed.
      emit('onDidChangeVerdicts', { rejudges: ++rejudges });
      return { applied: true, needsRerun: [], milliseconds, counts, measured };
    },
    'recipe.save': async ({ path, exportOptions }) => {
      const result = lastRun();
      // Inside the allowed folders, over a recipe or nothing (docs/security.md, "File access").
      const target = await checkRecipeTarget(services.access, path);
      let current = result.recipe;
      if (exportOptions !== undefined) {
        const request = exportRequestOf(exportOptions, current.mix?.tasks ?? {});
        // Parsed again so that the overrides get the schema's defaults and checks.
        current = recipeSchema.parse({ ...current, mix: { ...current.mix, ...request.mix }, export: { ...current.export, ...request.export } });
      }
      return { path: await saveRecipe(target, current, result.loaded.directory) };
    },
    'recipe.text': () => {
      // Without its `$schema` pointer: the raw editor binds the recipe's schema itself, and a relative pointer would win and not load.
      const { $schema: _pointer, ...recipe } = lastRun().recipe;
      return { text: `${JSON.stringify(recipe, null, 2)}\n` };
    },
  };
}
