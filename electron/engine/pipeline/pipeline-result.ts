/**
 * The result of a pipeline run, kept in columns in the engine (docs/ARCHITECTURE.md, "Data model";
 * docs/ui.md, "Views after a pipeline run"): per record its key, source, task and role; every
 * filter score (one Float64Array per score name) and the filters' evidence; the dedup assignment
 * (cluster, kept record, similarity) with the clusters, templates and banding; the leakage verdict
 * (score, item coverage, matching items, spans in both texts); and the verdicts of the current
 * settings. `rejudge` applies new thresholds to all of it without reading a shard.
 */
import type { DedupFeatures } from '../../../shared/dedup/features';
import { REWARD_SCORE, type FilterName, type ScoreName } from '../../../shared/filters/index';
import { leakageSummary, type LeakageVerdict } from '../../../shared/leakage/scan';
import type { Recipe } from '../../../shared/recipe/schema';
import type { ReviewConflict } from '../../../shared/review/merge-reviews';
import type { VerdictReason } from '../../../shared/review/apply-review';
import type { Problem } from '../../../shared/schema/problem';
import { hashString } from '../../../shared/text/string-hash';
import { IdTable } from '../id-table';
import type { SourceInfo } from '../types';
import { clusterRecords, type ClusterInput, type ClusterOutput } from './cluster-stage';
import { DROP, FLAG, judge, type JudgeData, type Judgment, type JudgeSettings } from './judge';
import type { LoadedRecipe } from './load-recipe';
import type { MeasuredColumns, MeasureSource } from './measure-stage';
import { filtersToMeasure } from './measure-needs';
import { needsRecluster, needsRerun } from './needs-rerun';

/** One engine source of the run (a recipe source that is a folder gives several). */
export interface PipelineSource {
  /** Index of the recipe's `sources` entry. */
  recipeSource: number;
  /** The path as the recipe writes it (a folder entry: the folder). */
  recipePath: string;
  info: SourceInfo;
  /** The run's records `[from, to)` are this source's. */
  from: number;
  to: number;
}

/** One line of `agentmix run --verdicts` (docs/recipe.md, "agentmix run"), in this key order. */
export interface VerdictLine {
  key: string;
  source: string;
  id: string | null;
  task: string | null;
  role: 'agent' | 'general';
  kept: boolean;
  reasons: VerdictReason[];
  cluster?: number;
  duplicateOf?: string;
  leakage?: { score: number; evalSet: string; evalItem: number; spans: { turn: number; start: number; end: number }[] };
  scores: Record<string, number>;
}

/** Everything the run measured (what the result is built from). */
export interface PipelineMeasurements {
  sources: PipelineSource[];
  keys: string[];
  ids: (string | null)[];
  tasks: (string | null)[];
  roles: ('agent' | 'general')[];
  /** The score columns of the measured filters. */
  scores: Map<ScoreName, Float64Array>;
  /** Where scores were found (-1: none), for the scores whose filters give places. */
  places: Map<ScoreName, Int32Array>;
  /** The filters measured (docs/scale.md, "Pay only for what is on"); {@link PipelineResult.addMeasurements} adds to it. */
  filters: Set<FilterName>;
  evidence: MeasuredColumns['evidence'];
  /** Where each record is, per source, for measuring more filters later. */
  measureSources: MeasureSource[];
  /** Rewards joined from the recipe's scores file (NaN: none), or null without one. */
  externalRewards: Float64Array | null;
  rechecks: JudgeData['rechecks'];
  review: JudgeData['review'];
  reviewConflicts: ReviewConflict[];
  clusterInput: ClusterInput;
  /** Problems of the side files (evaluation sets, scores file, review files): the run goes on. */
  problems: Problem[];
  /** Milliseconds per stage. */
  timings: Record<string, number>;
}

/** The judging settings of a recipe. */
export function judgeSettingsOf(recipe: Recipe): JudgeSettings {
  return {
    filters: recipe.filters,
    leakage: { ...recipe.leakage, enabled: recipe.leakage.enabled && recipe.evalSets.length > 0 },
    dedup: { enabled: recipe.dedup.enabled, threshold: recipe.dedup.near.threshold },
    overrideLeakage: recipe.review?.overrideLeakage ?? false,
  };
}

/** The result of a run: see the module comment. */
export class PipelineResult {
  /** The recipe whose settings the current verdicts follow (changes with {@link rejudge}). */
  recipe: Recipe;
  /** Templates, dedup assignment and leakage verdicts with template turns out. */
  clusters: ClusterOutput;
  /** The current verdicts. */
  judgment: Judgment;
  /** Changes whenever the verdicts change ({@link rejudge}), for views that cache on it. */
  version = 1;
  private readonly data: JudgeData;
  /** The records by the hash of their key, confirmed against the key (no Map entry per record: docs/scale.md, "The review desk at 10M records"). */
  private readonly keyToRecord = new IdTable();

  constructor(
    readonly loaded: LoadedRecipe,
    readonly measured: PipelineMeasurements,
    clusters: ClusterOutput,
  ) {
    this.recipe = loaded.recipe;
    this.clusters = clusters;
    const { keys } = measured;
    // Keys are unique (the index keys a repeated id by its ordinal: Engine.keyOf).
    for (let record = 0; record < keys.length; record++) this.keyToRecord.insert(hashString(keys[record]), record, (other) => keys[other] === keys[record]);
    this.data = {
      count: measured.keys.length,
      keys: measured.keys,
      roles: measured.roles,
      tasks: measured.tasks,
      scores: measured.scores,
      places: measured.places,
      measuredFilters: measured.filters,
      evidence: measured.evidence,
      leakage: clusters.leakage,
      dedup: clusters.dedup?.assignment ?? null,
      rechecks: measured.rechecks,
      review: measured.review,
    };
    const started = performance.now();
    this.judgment = judge(this.data, judgeSettingsOf(this.recipe));
    measured.timings.judge = performance.now() - started;
  }

  /** Records judged. */
  get count(): number {
    return this.data.count;
  }

  /** The per-turn dedup features (null when neither dedup nor leakage ran). */
  get features(): DedupFeatures | null {
    return this.measured.clusterInput.features;
  }

  /** The record of a key, or -1. */
  recordOfKey(key: string): number {
    const { keys } = this.measured;
    return this.keyToRecord.find(hashString(key), (record) => keys[record] === key);
  }

  /** The source of a record. */
  sourceOf(record: number): PipelineSource {
    const found = this.measured.sources.find((source) => record >= source.from && record < source.to);
    if (found === undefined) throw new RangeError(`record ${record} is outside the run (0..${this.count - 1})`);
    return found;
  }

  /** Every score of a record (filters, leakage, near-duplicate similarity), NaNs left out. */
  scoresOf(record: number): Record<string, number> {
    const scores: Record<string, number> = {};
    for (const [name, column] of this.measured.scores) if (!Number.isNaN(column[record])) scores[name] = column[record];
    scores.leakage = this.clusters.leakage.get(record)?.score ?? 0;
    const assignment = this.clusters.dedup?.assignment;
    if (assignment !== undefined && assignment.cluster[record] !== -1) scores.similarity = assignment.similarity[record];
    return scores;
  }

  /** The leakage verdict of a record (with every match and both texts' spans), or null. */
  leakageOf(record: number): LeakageVerdict | null {
    return this.clusters.leakage.get(record) ?? null;
  }

  /** Whether the stages flagged a record (kept, marked for review). */
  isFlagged(record: number): boolean {
    return this.judgment.stages[record] === FLAG;
  }

  /** The verdict of a record in the `--verdicts` shape. */
  verdict(record: number): VerdictLine {
    const source = this.sourceOf(record);
    const extra: Pick<VerdictLine, 'cluster' | 'duplicateOf' | 'leakage'> = {};
    const assignment = this.clusters.dedup?.assignment;
    if (assignment !== undefined && assignment.cluster[record] !== -1) extra.cluster = assignment.cluster[record];
    const duplicateOf = this.judgment.duplicateOf[record];
    if (duplicateOf !== -1) extra.duplicateOf = this.measured.keys[duplicateOf];
    const leaked = this.clusters.leakage.get(record);
    const summary = leaked === undefined ? null : leakageSummary(leaked);
    if (summary !== null) extra.leakage = { score: summary.score, evalSet: summary.evalSet, evalItem: summary.evalItem, spans: summary.spans.map(({ turn, start, end }) => ({ turn, start, end })) };
    return {
      key: this.measured.keys[record],
      source: source.info.path,
      id: this.measured.ids[record],
      task: this.measured.tasks[record],
      role: this.measured.roles[record],
      kept: this.judgment.kept[record] === 1,
      reasons: this.judgment.reasonsOf(record),
      ...extra,
      scores: this.scoresOf(record),
    };
  }

  /** Whether the stages (before review) dropped a record. */
  droppedByStages(record: number): boolean {
    return this.judgment.stages[record] === DROP;
  }

  /**
   * Adds the scores and evidence of filters measured after the run (measure-plan.ts,
   * `measureLater`); the next {@link rejudge} judges them.
   */
  addMeasurements(filters: readonly FilterName[], columns: MeasuredColumns): void {
    for (const [name, column] of columns.scores) this.measured.scores.set(name, column);
    for (const [name, column] of columns.places) this.measured.places.set(name, column);
    for (const [record, byFilter] of columns.evidence) {
      const entry = this.measured.evidence.get(record);
      if (entry === undefined) this.measured.evidence.set(record, byFilter);
      else Object.assign(entry, byFilter);
    }
    for (const filter of filters) this.measured.filters.add(filter);
    const rewards = this.measured.scores.get(REWARD_SCORE);
    if (rewards !== undefined) this.measured.clusterInput.rewards = rewards;
  }

  /**
   * Applies a changed recipe to the stored measurements: thresholds and switches are re-judged,
   * dedup settings re-cluster the stored features (no shard is read). Throws when the change needs
   * a re-run ({@link needsRerun} lists why) or a filter the run did not measure (measure it first:
   * `measureLater`). Returns what it did and how long it took.
   */
  rejudge(recipe: Recipe): { milliseconds: number; reclustered: boolean } {
    const rerun = needsRerun(this.recipe, recipe);
    if (rerun.length > 0) throw new Error(`this change needs a new run of the pipeline: ${rerun.join('; ')}`);
    const unmeasured = filtersToMeasure(recipe).filter((name) => !this.measured.filters.has(name));
    if (unmeasured.length > 0) throw new Error(`this change needs ${unmeasured.join(', ')} measured first (the run did not measure ${unmeasured.length === 1 ? 'it' : 'them'})`);
    const started = performance.now();
    const reclustered = needsRecluster(this.recipe, recipe);
    if (reclustered) {
      this.clusters = clusterRecords(this.measured.clusterInput, recipe);
      this.data.leakage = this.clusters.leakage;
      this.data.dedup = this.clusters.dedup?.assignment ?? null;
    }
    this.recipe = recipe;
    this.judgment = judge(this.data, judgeSettingsOf(recipe), this.judgment);
    this.version++;
    return { milliseconds: performance.now() - started, reclustered };
  }
}
