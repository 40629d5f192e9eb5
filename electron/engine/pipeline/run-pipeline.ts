/**
 * Runs a recipe as a job on the worker pool (docs/recipe.md, "The pipeline: what a run does"): opens the sources (reusing those
 * already open), loads the evaluation sets and builds their n-gram index once (shared with the
 * workers through SharedArrayBuffers), measures every record in parallel ranges, then merges on
 * this thread: templates, dedup across sources, leakage, review, verdicts. Progress events name
 * the stage; the AbortSignal stops the workers' ranges at once; a worker crash rejects the job with
 * the pool's {@link WorkerCrashError} and the pool replaces the thread, so the engine keeps running.
 *
 * A run is two halves (docs/scale.md, "Shards"): the per-record half ({@link prepareRun} and
 * {@link measureSlice}: sources, evaluation index, the measured columns of a range of records) and
 * the merge half ({@link finishRun}: from the columns of every record to the result). A
 * single-process run is both halves over all records; `agentmix run --shard` runs the first half
 * over its slice and `agentmix merge` the second over the slices' columns, so both give the same result.
 */
import type { ShingleStore } from '../../../shared/dedup/features';
import { REWARD_SCORE, type FilterName } from '../../../shared/filters/index';
import { buildNgramIndex, type NgramIndex } from '../../../shared/leakage/ngram-index';
import type { Problem } from '../../../shared/schema/problem';
import { loadEvalSets } from '../eval-sets';
import { recordsPath, type Progress } from '../types';
import type { WorkerPool } from '../worker-pool';
import { clusterRecords } from './cluster-stage';
import { loadReview } from './load-review';
import { recipePath, type LoadedRecipe } from './load-recipe';
import { filtersToMeasure, type MeasureNeeds } from './measure-needs';
import { measureRecords, type MeasuredColumns, type MeasureSource } from './measure-stage';
import { PipelineResult, type PipelineMeasurements, type PipelineSource } from './pipeline-result';
import { firstRows, openRecipeSources, requiredFailures, RequiredSourceError, type SourceHost } from './recipe-sources';
import { readScoresFile } from './side-files';

export { RequiredSourceError } from './recipe-sources';

/** What the pipeline needs of the engine. */
export interface PipelineHost extends SourceHost {
  workers(): WorkerPool;
  keyOf(row: number): string;
}

/** Events of a run: progress (stage, done, total, unit), cancel, a test hold after each stage; what the run is for (docs/scale.md, "Pay only for what is on"). */
export interface PipelineEvents extends MeasureNeeds {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
  /** Awaited when a stage is done (a job's test hold, electron/engine/api/job-tracker.ts). */
  hold?: (stage: string) => Promise<void>;
}

/** Counter for the leakage index ids the workers cache their scanners by. */
let nextIndexId = 1;

/** The run's records and what every stage reads about them: the per-record half's tables. */
export interface PreparedRun {
  loaded: LoadedRecipe;
  sources: PipelineSource[];
  measureSources: MeasureSource[];
  keys: string[];
  ids: (string | null)[];
  tasks: (string | null)[];
  roles: ('agent' | 'general')[];
  /** Records of the run. */
  total: number;
  externalRewards: Float64Array | null;
  leakageIndex: NgramIndex | null;
  problems: Problem[];
  timings: Record<string, number>;
  /** Closes a stage: its time, cancel, the test hold. */
  lap(stage: string): Promise<void>;
  progress(stage: string, done: number, total: number, unit: string): void;
}

/** The measured columns of records `[from, to)` of a run, numbered from `from`. */
export interface SliceColumns {
  from: number;
  to: number;
  /** The filters measured. */
  measure: FilterName[];
  columns: MeasuredColumns;
  /** MinHash signatures of the slice's records (`permutations` each; on disk after a measure: docs/scale.md, "Bounded memory"), or null when near dedup is off. */
  signatures: Uint32Array | ShingleStore | null;
}

/** Loads the evaluation sets and builds their index (null when leakage is off or has nothing to compare). */
async function buildLeakageIndex(loaded: LoadedRecipe, problems: Problem[]): Promise<NgramIndex | null> {
  const { recipe } = loaded;
  if (!recipe.leakage.enabled || recipe.evalSets.length === 0) return null;
  const sets = await loadEvalSets(recipe.evalSets, loaded.directory);
  for (const set of sets) for (const problem of set.problems) problems.push(problem);
  const items = sets.flatMap((set) => set.items);
  return items.length === 0 ? null : buildNgramIndex(items, recipe.leakage);
}

/** Opens the sources, builds the evaluation index and the run's record tables (every record of every source, in recipe order). */
export async function prepareRun(host: PipelineHost, loaded: LoadedRecipe, events: PipelineEvents = {}): Promise<PreparedRun> {
  const { recipe } = loaded;
  const timings: Record<string, number> = {};
  const problems: Problem[] = [];
  const progress = (stage: string, done: number, total: number, unit: string): void => events.onProgress?.({ stage, done, total, unit });
  let mark = performance.now();
  const lap = async (stage: string): Promise<void> => {
    const now = performance.now();
    timings[stage] = now - mark;
    mark = now;
    events.signal?.throwIfAborted();
    await events.hold?.(stage);
    mark = performance.now();
  };

  const openedSources = await openRecipeSources(host, loaded, events);
  const failures = requiredFailures(loaded, openedSources);
  if (failures.length > 0) throw new RequiredSourceError(failures);
  const { opened } = openedSources;
  for (const entry of openedSources.unreadable) problems.push({ file: entry.path, line: 0, offset: 0, message: `${entry.reason}; it was left out of the run` });
  await lap('index');

  progress('evaluation sets', 0, recipe.evalSets.length, 'sets');
  const leakageIndex = await buildLeakageIndex(loaded, problems);
  await lap('evaluation index');

  const first = firstRows(host.index);
  const sources: PipelineSource[] = [];
  const measureSources: MeasureSource[] = [];
  const keys: string[] = [];
  const ids: (string | null)[] = [];
  const tasks: (string | null)[] = [];
  const roles: ('agent' | 'general')[] = [];
  for (const { recipeSource, recipePath: path, info } of opened) {
    if (info.format === null) {
      problems.push({ file: info.path, line: 0, offset: 0, message: info.readFailure !== undefined ? `${info.readFailure}; it was left out of the run` : `${path} holds no conversations (${info.notConversations ?? 'unknown format'}); it was left out of the run` });
      continue;
    }
    const from = keys.length;
    const row0 = first.get(info.id) ?? 0;
    const starts = new Float64Array(info.records);
    const lengths = new Uint32Array(info.records);
    for (let offset = 0; offset < info.records; offset++) {
      const row = host.index.row(row0 + offset);
      starts[offset] = row.start;
      lengths[offset] = row.length;
      keys.push(host.keyOf(row0 + offset));
      ids.push(row.id);
      tasks.push(row.task);
      roles.push(info.role);
    }
    const task = recipe.sources[recipeSource].task ?? null;
    sources.push({ recipeSource, recipePath: path, info, from, to: keys.length });
    measureSources.push({ path: recordsPath(info), container: info.container === 'parquet' ? 'parquet' : 'json', format: info.format, mapping: info.mapping ?? null, task, role: info.role, from, to: keys.length, starts, lengths });
  }
  const total = keys.length;

  let externalRewards: Float64Array | null = null;
  if (recipe.filters.reward.scores !== undefined) {
    const scores = await readScoresFile(recipePath(loaded, recipe.filters.reward.scores));
    for (const problem of scores.problems) problems.push(problem);
    externalRewards = new Float64Array(total).fill(Number.NaN);
    ids.forEach((id, record) => {
      const reward = id === null ? undefined : scores.rewards.get(id);
      if (reward !== undefined && externalRewards !== null) externalRewards[record] = reward;
    });
  }
  return { loaded, sources, measureSources, keys, ids, tasks, roles, total, externalRewards, leakageIndex, problems, timings, lap, progress };
}

/** The measure sources of records `[from, to)`, renumbered from `from` (the whole run: the sources themselves). */
function sliceSources(sources: readonly MeasureSource[], from: number, to: number): MeasureSource[] {
  const sliced: MeasureSource[] = [];
  for (const source of sources) {
    const start = Math.max(from, source.from);
    const end = Math.min(to, source.to);
    if (start >= end) continue;
    if (start === source.from && end === source.to && from === 0) {
      sliced.push(source);
      continue;
    }
    const offset = start - source.from;
    sliced.push({ ...source, from: start - from, to: end - from, starts: source.starts.subarray(offset, offset + end - start), lengths: source.lengths.subarray(offset, offset + end - start) });
  }
  return sliced;
}

/**
 * The per-record work over records `[from, to)` of the run: read, measure the filters of
 * `measure`, tokenize into features, sign, scan for leakage. Records are measured one by one, so
 * the columns of a slice are those of the same records in a run over all of them.
 */
export async function measureSlice(host: PipelineHost, run: PreparedRun, slice: { from: number; to: number }, measure: FilterName[], events: PipelineEvents = {}): Promise<SliceColumns> {
  const { recipe } = run.loaded;
  const { from, to } = slice;
  const count = to - from;
  const near = recipe.dedup.enabled && recipe.dedup.near.enabled;
  const permutations = recipe.dedup.near.permutations;
  const needFeatures = recipe.dedup.enabled || run.leakageIndex !== null;
  run.progress('measure', 0, count, 'records');
  const columns = await measureRecords(
    host.workers(),
    sliceSources(run.measureSources, from, to),
    count,
    {
      filters: recipe.filters,
      measure,
      leakage: run.leakageIndex === null ? null : { index: run.leakageIndex, indexId: nextIndexId++ },
      dedup: needFeatures ? { shingle: recipe.dedup.near.shingle, minHash: near ? { permutations, seed: recipe.dedup.near.seed } : null } : null,
      externalRewards: run.externalRewards === null ? null : run.externalRewards.subarray(from, to),
    },
    { signal: events.signal, onRecords: (done) => run.progress('measure', done, count, 'records') },
  );
  return { from, to, measure, columns, signatures: columns.signatures };
}

/** The merge half: templates and dedup across sources, leakage, review and verdicts, from the measured columns of every record of the run. */
export async function finishRun(run: PreparedRun, measured: SliceColumns): Promise<PipelineResult> {
  const { loaded, total, timings, progress, lap } = run;
  const { recipe } = loaded;
  if (measured.from !== 0 || measured.to !== total) throw new RangeError(`the merge needs the columns of records 0..${total}, not ${measured.from}..${measured.to}`);
  const { columns, signatures } = measured;
  progress('dedup', 0, total, 'records');
  const clusterInput = {
    features: columns.features,
    signatures,
    sources: run.sources.map(({ from, to }) => ({ from, to })),
    rewards: columns.scores.get(REWARD_SCORE) ?? new Float64Array(total).fill(Number.NaN),
    rawLeakage: columns.leakage,
  };
  const clusters = clusterRecords(clusterInput, recipe);
  timings.templates = clusters.milliseconds.templates;
  await lap('dedup');

  const sourceOf = (record: number): PipelineSource => run.sources.find((source) => record >= source.from && record < source.to) as PipelineSource;
  const review = await loadReview(
    loaded,
    run.keys,
    (record) => ({ format: sourceOf(record).info.format, filter: { role: run.roles[record], task: run.tasks[record] } }),
    run.leakageIndex,
    run.problems,
  );
  await lap('review');

  progress('judge', 0, total, 'records');
  const measurements: PipelineMeasurements = {
    sources: run.sources,
    keys: run.keys,
    ids: run.ids,
    tasks: run.tasks,
    roles: run.roles,
    scores: columns.scores,
    places: columns.places,
    filters: new Set(measured.measure),
    evidence: columns.evidence,
    measureSources: run.measureSources,
    externalRewards: run.externalRewards,
    ...review,
    clusterInput,
    problems: run.problems,
    timings,
  };
  Object.assign(timings, Object.fromEntries(Object.entries(columns.workerTimings).map(([part, milliseconds]) => [`worker ${part}`, milliseconds])));
  const result = new PipelineResult(loaded, measurements, clusters);
  progress('judge', total, total, 'records');
  return result;
}

/** Runs the recipe; see the module comment. */
export async function runPipeline(host: PipelineHost, loaded: LoadedRecipe, events: PipelineEvents = {}): Promise<PipelineResult> {
  const run = await prepareRun(host, loaded, events);
  const measured = await measureSlice(host, run, { from: 0, to: run.total }, filtersToMeasure(loaded.recipe, events), events);
  // The merge half needs no worker: their heaps go back to the system (docs/scale.md, "Bounded memory").
  await host.workers().release();
  await run.lap('measure');
  return finishRun(run, measured);
}
