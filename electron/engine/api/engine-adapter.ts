import { resolve, sep } from 'node:path';
import { FORMAT_NAMES, type FormatName } from '../../../shared/formats/types';
import { TOKENS_SCORE } from '../../../shared/filters/scores';
import type { Engine } from '../engine';
import { recipePath, type LoadedRecipe } from '../pipeline/load-recipe';
import type { VerdictLine } from '../pipeline/pipeline-result';
import { pipelineVerdicts } from '../pipeline/pipeline-verdicts';
import type { SourceInfo } from '../types';
import type { EnginePort, PortRecipe, PortSource, PortVerdict } from './engine-port';

/** Converts the engine's source to the port's. */
function toPortSource(info: SourceInfo): PortSource {
  return {
    sourceId: info.id,
    path: info.path,
    hash: info.hash,
    keyPrefix: info.keyPrefix,
    format: info.format ?? 'none',
    role: info.role,
    records: info.records,
    tasks: info.tasks,
    turns: info.turns,
    errorCount: info.errorCount,
    errors: info.errors.map((problem) => ({ line: problem.line, offset: problem.offset, ...(problem.record !== undefined ? { record: problem.record } : {}), message: problem.message })),
    notice: info.notConversations ?? null,
  };
}

/** The 0-based turn a reason's message names ("assistant turn 3 does not follow..."), or null. */
export function turnOfReason(message: string): number | null {
  const match = /\bturn (\d+)\b/.exec(message);
  return match ? Number(match[1]) : null;
}

/** Converts the engine's verdict line to the port's. */
function toPortVerdict(line: VerdictLine): PortVerdict {
  return {
    kept: line.kept,
    reasons: line.reasons.map((reason) => ({ stage: reason.stage, rule: reason.rule, message: reason.message, turn: turnOfReason(reason.message) })),
    cluster: line.cluster ?? null,
    duplicateOf: line.duplicateOf ?? null,
    leakage: line.leakage ?? null,
  };
}

/** The recipe's summary. */
function toPortRecipe(loaded: LoadedRecipe): PortRecipe {
  const { recipe } = loaded;
  return { file: loaded.file, description: recipe.description ?? null, sources: recipe.sources.filter((source) => source.enabled).length, evalSets: recipe.evalSets.length };
}

/** True when `name` is a format the engine reads. */
function isFormatName(name: string | undefined): name is FormatName {
  return name !== undefined && (FORMAT_NAMES as readonly string[]).includes(name);
}

/** Llama-2 tokens of a record as the last pipeline run's length filter counted them, or null before a run. */
function tokensOf(engine: Engine, key: string): number | null {
  const result = engine.pipeline;
  if (result === null) return null;
  const record = result.recordOfKey(key);
  const tokens = record < 0 ? undefined : result.measured.scores.get(TOKENS_SCORE)?.[record];
  return tokens === undefined || Number.isNaN(tokens) ? null : tokens;
}

/** The engine facade (electron/engine/engine.ts) as the handlers' {@link EnginePort}. */
export function adaptEngine(engine: Engine): EnginePort {
  let recipe: LoadedRecipe | null = null;
  return {
    openSources: async (paths, options, events) => {
      const format = isFormatName(options.format) ? options.format : 'auto';
      const opened = await engine.openSources(paths, { format, ...(options.role ? { role: options.role } : {}), ...(options.task !== undefined ? { task: options.task } : {}) }, events);
      return opened.map(toPortSource);
    },
    listSources: () => engine.listSources().map(toPortSource),
    closeSource: (sourceId) => engine.closeSource(sourceId),
    // Only rows of open sources: a source being indexed has rows in the index before it is listed.
    rowCount: () => engine.openRows(),
    row: (row) => {
      const entry = engine.index.row(row);
      const key = engine.keyOf(row);
      return {
        key,
        sourceId: entry.sourceId,
        ordinal: entry.ordinal,
        id: entry.id,
        task: entry.task,
        turns: entry.turns,
        chars: entry.chars,
        // The index keeps characters; Llama-2 tokens come from the last run's length filter.
        tokens: tokensOf(engine, key),
        reward: entry.reward,
        trained: entry.lossTrue,
        masked: entry.lossFalse,
        firstUserText: entry.firstUserText,
      };
    },
    rowOfKey: (key) => {
      const row = engine.rowOfKey(key);
      return row < engine.openRows() ? row : -1;
    },
    columns: () => {
      const prefixes = new Map(engine.listSources().map((source) => [source.id, source.keyPrefix]));
      return { index: engine.index, keyPrefix: (sourceId) => prefixes.get(sourceId) ?? '' };
    },
    readRecord: (key) => engine.readRecord(key),
    openRecipe: async (path, events) => {
      const loaded = await engine.openRecipe(path);
      // Open the recipe's sources now, so the desk shows them before any run (a run finds them open).
      for (const source of loaded.recipe.sources) {
        if (!source.enabled) continue;
        const target = recipePath(loaded, source.path);
        const isOpen = engine.listSources().some((info) => resolve(info.path) === target || resolve(info.path).startsWith(target + sep));
        if (!isOpen) await engine.openSources([target], { format: source.format, role: source.role, task: source.task ?? null, mapping: source.mapping ?? null }, events);
      }
      recipe = loaded;
      return toPortRecipe(loaded);
    },
    currentRecipe: () => (recipe === null ? null : toPortRecipe(recipe)),
    runPipeline: async (events) => {
      if (recipe === null) throw new Error('no recipe is open: open one (File, Open recipe…) before running the pipeline');
      const started = performance.now();
      // Thresholds moved in the filters panel (a re-judge of the last run of this recipe) carry over to the new run.
      const last = engine.pipeline;
      const current = last !== null && last.loaded.file === recipe.file ? { ...recipe, recipe: last.recipe } : recipe;
      const result = await engine.runPipeline(current, events);
      let kept = 0;
      for (let record = 0; record < result.count; record++) kept += result.judgment.kept[record];
      return { records: result.count, kept, dropped: result.count - kept, milliseconds: performance.now() - started };
    },
    verdictOf: (key) => {
      const line = engine.verdictOf(key);
      return line === null ? null : toPortVerdict(line);
    },
    verdicts: pipelineVerdicts(() => engine.pipeline),
    lastRun: () => engine.pipeline,
    measureFilters: (filters, events) => engine.measureFilters(filters, events),
    previewExport: (request) => engine.previewExport(request),
    exportMix: (request, events) => engine.exportMix(request, events),
    dispose: () => engine.dispose(),
  };
}
