import { join } from 'node:path';
import type { Response } from '../../../shared/api';
import { checkRecipeAccess } from '../access/recipe-access';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';
import { baseName } from './record-views';
import { toSourceSummary } from './source-handlers';

/** The demo recipe in resources/samples: AgentInstruct-style and ShareGPT shards, AgentBench evaluation sets. */
export const DEMO_RECIPE = 'agentbench.recipe.json';

/**
 * `recipe.open`, `recipe.openDemo`, `recipe.current` and `pipeline.run`: the recipe's sources open as an indexing
 * job; the pipeline runs as a job whose verdicts then fill the grid's verdict columns.
 */
export function pipelineHandlers(services: ApiServices): HandlerModule<'recipe.open' | 'recipe.openDemo' | 'recipe.current' | 'pipeline.run'> {
  const { engine, jobs, emit, views } = services;
  let runs = 0;
  const openRecipe = async (path: string): Promise<Response<'recipe.open'>> => {
    const before = new Set(engine.listSources().map((source) => source.sourceId));
    const recipe = await jobs.run('index', `Opening the recipe ${baseName(path)}`, async (control) => {
      // The recipe and every file it names (docs/security.md, "File access"); the paths of an open recipe never change.
      await checkRecipeAccess(services.access, path);
      return engine.openRecipe(path, { signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit) });
    });
    views.invalidate();
    const sources = engine.listSources().map(toSourceSummary);
    emit('onDidChangeSources', { sources });
    emit('onDidChangeRecipe', { recipe, runs });
    return { recipe, sources, opened: sources.filter((source) => !before.has(source.sourceId)).map((source) => source.sourceId) };
  };
  return {
    'recipe.open': ({ path }) => openRecipe(path),
    'recipe.openDemo': () => openRecipe(join(services.host.demoDir, DEMO_RECIPE)),
    'recipe.current': () => ({ recipe: engine.currentRecipe() }),
    'pipeline.run': async () => {
      if (engine.currentRecipe() === null) throw new ApiFailure('unsupported', 'no recipe is open: open one (File, Open recipe…) before running the pipeline');
      const summary = await jobs.run('pipeline', 'Running the pipeline', (control) =>
        engine.runPipeline({ signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit), hold: control.hold }),
      );
      runs++;
      // A run may open sources the desk had not opened yet.
      views.invalidate();
      emit('onDidChangeSources', { sources: engine.listSources().map(toSourceSummary) });
      emit('onDidChangeRecipe', { recipe: engine.currentRecipe(), runs });
      return summary;
    },
  };
}
