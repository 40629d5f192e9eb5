/**
 * Runs a recipe as a job on the worker pool (docs/recipe.md, "The pipeline: what a run does"): opens the sources (reusing those
 * already open), loads the evaluation sets and builds their n-gram index once (shared with the
 * workers through SharedArrayBuffers), measures every record in parallel ranges, then merges on
 * this thread: templates, dedup across sources, leakage, review, verdicts. Progress events name
 * the stage; the AbortSignal stops the workers' ranges at once; a worker crash rejects the job with
 * the pool's {@link WorkerCrashError} and the pool replaces the thread, so the engine keeps running.
 */
import { resolve } from 'node:path';
import { measureAll, REWARD_SCORE, type FilterContext, type Measurements } from '../../../shared/filters/index';
import { getFormat } from '../../../shared/formats/index';
import { buildNgramIndex, type NgramIndex } from '../../../shared/leakage/ngram-index';
import { createLeakageScanner, scanRecord, type LeakageVerdict } from '../../../shared/leakage/scan';
import { needsRecheck } from '../../../shared/review/apply-review';
import type { ReviewEntry } from '../../../shared/review/review-line';
import type { Problem } from '../../../shared/schema/problem';
import { loadEvalSets } from '../eval-sets';
import type { RecordIndex } from '../record-index';
import { expandPath } from '../sources/expand-paths';
import { recordsPath, type OpenEvents, type Progress, type SourceInfo, type SourceOptions } from '../types';
import type { WorkerPool } from '../worker-pool';
import { clusterRecords } from './cluster-stage';
import { recipePath, type LoadedRecipe } from './load-recipe';
import { filtersToMeasure, type MeasureNeeds } from './measure-needs';
import { measureRecords, type MeasureSource } from './measure-stage';
import { PipelineResult, type PipelineMeasurements, type PipelineSource } from './pipeline-result';
import { readReviewFiles, readScoresFile } from './side-files';

/** What the pipeline needs of the engine. */
export interface PipelineHost {
  readonly index: RecordIndex;
  workers(): WorkerPool;
  openSources(paths: string[], options: SourceOptions, events: OpenEvents): Promise<SourceInfo[]>;
  listSources(): SourceInfo[];
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

/** The engine sources of the enabled recipe sources, and the entries of their folders that cannot be read. */
interface OpenedSources {
  opened: { recipeSource: number; recipePath: string; info: SourceInfo }[];
  unreadable: { recipeSource: number; path: string; reason: string }[];
}

/** Opens (or finds already open) the engine sources of every enabled recipe source. */
async function openRecipeSources(host: PipelineHost, loaded: LoadedRecipe, events: PipelineEvents): Promise<OpenedSources> {
  const result: OpenedSources = { opened: [], unreadable: [] };
  for (const [position, source] of loaded.recipe.sources.entries()) {
    if (!source.enabled) continue;
    for (const entry of await expandPath(recipePath(loaded, source.path))) {
      events.signal?.throwIfAborted();
      const absolute = resolve(entry.path);
      // A dataset_info.json names each file's mapping (docs/formats.md, "Mappings").
      const options: SourceOptions = { format: source.format, role: source.role, task: source.task ?? null, mapping: source.mapping ?? null, ...entry.options };
      const mapping = JSON.stringify(options.mapping ?? null);
      const open = host.listSources().find((info) => resolve(info.path) === absolute && (source.role === undefined || info.role === source.role) && JSON.stringify(info.mapping ?? null) === mapping);
      if (open === undefined && entry.unreadable !== undefined) {
        result.unreadable.push({ recipeSource: position, path: entry.path, reason: entry.unreadable });
        continue;
      }
      const infos = open === undefined ? await host.openSources([absolute], options, { onProgress: events.onProgress, signal: events.signal }) : [open];
      for (const info of infos) result.opened.push({ recipeSource: position, recipePath: source.path, info });
    }
  }
  return result;
}

/** A source the recipe marks `required` could not be read in full: the run stops (docs/recipe.md, "Sources"). */
export class RequiredSourceError extends Error {
  constructor(readonly failures: string[]) {
    super(`${failures.length === 1 ? 'a required source' : `${failures.length} required sources`} could not be read in full:\n  ${failures.join('\n  ')}`);
    this.name = 'RequiredSourceError';
  }
}

/** Why each required recipe source fails: an entry that cannot be read, a file read only in part or holding no conversations, or no records at all. */
function requiredFailures(loaded: LoadedRecipe, sources: OpenedSources): string[] {
  const failures: string[] = [];
  for (const [position, source] of loaded.recipe.sources.entries()) {
    if (!source.enabled || !source.required) continue;
    const reasons: string[] = [];
    for (const entry of sources.unreadable) if (entry.recipeSource === position) reasons.push(`${entry.path}: ${entry.reason}`);
    let records = 0;
    for (const { recipeSource, info } of sources.opened) {
      if (recipeSource !== position) continue;
      records += info.records;
      const reason = info.readFailure ?? (info.format === null ? info.notConversations ?? 'it holds no conversations' : undefined);
      if (reason !== undefined) reasons.push(`${info.path}: ${reason}`);
    }
    if (reasons.length === 0 && records === 0) reasons.push('it holds no records');
    if (reasons.length > 0) failures.push(`${source.path} (sources[${position}], required): ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ''}`);
  }
  return failures;
}

/** The first row of each open source in the index (a source's rows are contiguous). */
function firstRows(index: RecordIndex): Map<number, number> {
  const first = new Map<number, number>();
  for (let row = 0; row < index.count; row++) {
    const sourceId = index.sourceOf(row);
    if (!first.has(sourceId)) first.set(sourceId, row);
  }
  return first;
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

/** Review decisions by record, with the re-checked edits. */
async function loadReview(
  loaded: LoadedRecipe,
  keys: readonly string[],
  context: (record: number) => { format: SourceInfo['format']; filter: FilterContext },
  index: NgramIndex | null,
  problems: Problem[],
): Promise<Pick<PipelineMeasurements, 'review' | 'rechecks' | 'reviewConflicts'>> {
  const review = new Map<number, ReviewEntry>();
  const rechecks = new Map<number, { measurements: Measurements; leakage: LeakageVerdict | null }>();
  const files = loaded.recipe.review?.files ?? [];
  if (files.length === 0) return { review, rechecks, reviewConflicts: [] };
  const merged = await readReviewFiles(files.map((file) => ({ path: recipePath(loaded, file), name: file })));
  for (const problem of merged.problems) problems.push(problem);
  const recordOf = new Map(keys.map((key, record) => [key, record]));
  const scanner = index === null ? null : createLeakageScanner(index);
  for (const [key, entry] of merged.decisions) {
    const record = recordOf.get(key);
    if (record === undefined) continue;
    review.set(record, entry);
    if (!needsRecheck(entry)) continue;
    // An edited record is re-checked (docs/recipe.md, "Review files") by the stages: filters and leakage
    // here; it keeps the original's dedup cluster.
    const { format, filter } = context(record);
    const read = getFormat(format ?? 'sharegpt').read(entry.edited, { task: filter.task });
    if (!read.ok) {
      problems.push({ file: entry.file, line: entry.line, offset: 0, message: `the edited record of ${key} does not read as ${format}: ${read.message}; the original record was judged instead` });
      continue;
    }
    const leakage = scanner === null ? null : scanRecord(scanner, read.conversation.turns);
    rechecks.set(record, { measurements: measureAll(read.conversation, filter, loaded.recipe.filters), leakage: leakage !== null && leakage.matches.length > 0 ? leakage : null });
  }
  return { review, rechecks, reviewConflicts: merged.conflicts };
}

/** Runs the recipe; see the module comment. */
export async function runPipeline(host: PipelineHost, loaded: LoadedRecipe, events: PipelineEvents = {}): Promise<PipelineResult> {
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

  // The run's records: every record of every source, in recipe order.
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

  const near = recipe.dedup.enabled && recipe.dedup.near.enabled;
  const permutations = recipe.dedup.near.permutations;
  const signatures = near ? new Uint32Array(new SharedArrayBuffer(Math.max(4, total * permutations * 4))) : null;
  const needFeatures = recipe.dedup.enabled || leakageIndex !== null;
  const measure = filtersToMeasure(recipe, events);
  progress('measure', 0, total, 'records');
  const columns = await measureRecords(
    host.workers(),
    measureSources,
    total,
    {
      filters: recipe.filters,
      measure,
      leakage: leakageIndex === null ? null : { index: leakageIndex, indexId: nextIndexId++ },
      dedup: needFeatures ? { shingle: recipe.dedup.near.shingle, minHash: near ? { permutations, seed: recipe.dedup.near.seed } : null, signatures } : null,
      externalRewards,
    },
    { signal: events.signal, onRecords: (done) => progress('measure', done, total, 'records') },
  );
  await lap('measure');

  progress('dedup', 0, total, 'records');
  const clusterInput = {
    features: columns.features,
    signatures,
    sources: sources.map(({ from, to }) => ({ from, to })),
    rewards: columns.scores.get(REWARD_SCORE) ?? new Float64Array(total).fill(Number.NaN),
    rawLeakage: columns.leakage,
  };
  const clusters = clusterRecords(clusterInput, recipe);
  timings.templates = clusters.milliseconds.templates;
  await lap('dedup');

  const sourceOf = (record: number): PipelineSource => sources.find((source) => record >= source.from && record < source.to) as PipelineSource;
  const review = await loadReview(
    loaded,
    keys,
    (record) => ({ format: sourceOf(record).info.format, filter: { role: roles[record], task: tasks[record] } }),
    leakageIndex,
    problems,
  );
  await lap('review');

  progress('judge', 0, total, 'records');
  const measured: PipelineMeasurements = {
    sources,
    keys,
    ids,
    tasks,
    roles,
    scores: columns.scores,
    places: columns.places,
    filters: new Set(measure),
    evidence: columns.evidence,
    measureSources,
    externalRewards,
    ...review,
    clusterInput,
    problems,
    timings,
  };
  Object.assign(timings, Object.fromEntries(Object.entries(columns.workerTimings).map(([part, milliseconds]) => [`worker ${part}`, milliseconds])));
  const result = new PipelineResult(loaded, measured, clusters);
  progress('judge', total, total, 'records');
  return result;
}
