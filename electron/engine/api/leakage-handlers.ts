import type { PipelineResult } from '../pipeline/pipeline-result';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';
import { turnText } from '../../../shared/schema/turn-text';

/** The last run, or a failure saying to run the pipeline. */
export function requireLastRun(services: ApiServices, purpose: string): PipelineResult {
  const result = services.engine.lastRun?.() ?? null;
  if (result === null) throw new ApiFailure('unsupported', `the pipeline has not run yet: run it (Run pipeline) ${purpose}`);
  return result;
}

/**
 * `leakage.list` and `leakage.get` (docs/ui.md, "Views after a pipeline run"): the run's leakage evidence, records
 * with a match highest score first; one record's matches with the turn's text read from its source.
 */
export function leakageHandlers(services: ApiServices): HandlerModule<'leakage.list' | 'leakage.get'> {
  return {
    'leakage.list': () => {
      const result = requireLastRun(services, 'to scan for leakage');
      const records = [];
      for (const [record, verdict] of result.clusters.leakage) {
        const best = verdict.matches[0];
        if (best === undefined) continue;
        records.push({ key: result.measured.keys[record], id: result.measured.ids[record], task: result.measured.tasks[record], score: verdict.score, itemCoverage: verdict.itemCoverage, evalSet: best.evalSet, evalItem: best.evalItem, kept: result.judgment.kept[record] === 1 });
      }
      records.sort((first, second) => second.score - first.score || first.key.localeCompare(second.key));
      return { records, threshold: result.recipe.leakage.threshold };
    },
    'leakage.get': async ({ key }) => {
      const result = requireLastRun(services, 'to scan for leakage');
      const record = result.recordOfKey(key);
      const verdict = record < 0 ? null : result.leakageOf(record);
      if (verdict === null) throw new ApiFailure('not-found', `the last run found no leakage in ${key}`);
      const { conversation } = await services.engine.readRecord(key);
      return {
        key,
        score: verdict.score,
        matches: verdict.matches.map((match) => ({
          evalSet: match.evalSet,
          evalItem: match.evalItem,
          itemCoverage: match.itemCoverage,
          turn: match.turn,
          turnText: match.turn < conversation.turns.length ? turnText(conversation.turns[match.turn]) : '',
          spans: match.spans.map(({ start, end }) => ({ start, end })),
          itemText: match.itemText,
          itemSpans: match.itemSpans.map(({ start, end }) => ({ start, end })),
        })),
      };
    },
  };
}
