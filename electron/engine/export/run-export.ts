/**
 * The export step after a pipeline run (docs/recipe.md, "Export"): the records the pipeline kept (review applied),
 * weighed with the tokens the length filter measured, go to the seeded sampler; the selected records
 * are streamed from disk in the sampler's order (edited ones as the reviewer edited them) into
 * `writeExport`, which writes the files atomically with the manifest and the trainer files.
 *
 * `previewExport` says what an export would hold (counts per source and task, the achieved share,
 * the sampler's notes) without reading a record; `runExport` writes it. Both take the engine's last
 * {@link PipelineResult} and an {@link ExportRequest} (overrides of the recipe's `export` and `mix`).
 */
import { formatProblem } from '../../../shared/schema/problem';
import type { Manifest } from '../../../shared/export/manifest';
import { sampleMix, type MixResult } from '../../../shared/mix/sampler';
import type { PipelineResult } from '../pipeline/pipeline-result';
import type { Progress } from '../types';
import { appInfo } from './app-info';
import { stageCountsOf } from './export-counts';
import { resolveExportRequest, type ExportRequest, type ResolvedExport } from './export-request';
import { mixCandidatesOf } from './mix-candidates';
import { createExportReader, type RecordHost } from './record-reader';
import { recordLabels, sourceLabels } from './source-labels';
import { writeExport, type ExportSummary, type ManifestBase } from './write-export';

/** Records of one source and task: kept by the pipeline, and copies in each split. */
export interface ExportGroup {
  /** The source as the recipe names it. */
  source: string;
  task: string | null;
  role: 'agent' | 'general';
  /** Records the pipeline kept (after review): what the sampler could choose from. */
  kept: number;
  /** Copies in the train split (a repeated record counts once per copy). */
  train: number;
  validation: number;
}

/** What an export would hold, computed without writing (the export dialog's preview). */
export interface ExportPreview {
  format: ResolvedExport['settings']['format'];
  /** The train file as the recipe names it, and on disk. */
  out: { shown: string; file: string };
  /** The LLaMA-Factory dataset name (`export.datasetName`). */
  datasetName: string;
  /** The validation file, when the mix holds records out. */
  validationOut: { shown: string; file: string } | null;
  /** η asked for, in which unit, and the fixed total when set. */
  agentShare: number;
  by: 'records' | 'tokens';
  total: number | null;
  /** Whether η was met within one record; when not, `notes` says how far off and why. */
  reachable: boolean;
  /** η achieved by records and by tokens, per split. */
  achieved: MixResult['achieved'];
  notes: string[];
  /** Copies per split. */
  records: { train: number; validation: number };
  groups: ExportGroup[];
  /** The manifest's counts per stage for the run, its sources and tasks (`exported` still 0). */
  counts: Manifest['counts'];
}

/** Everything an export needs, decided before a record is read. */
export interface PlannedExport {
  resolved: ResolvedExport;
  mix: MixResult;
  manifest: ManifestBase;
  /** Warnings known before writing: edited records whose re-check found problems, problems in side files. */
  warnings: string[];
  preview: ExportPreview;
}

/** Events of an export job. */
export interface ExportEvents {
  /** `{stage: 'export', done, total, unit: 'records'}` every 1,000 records and at the end. */
  onProgress?: (progress: Progress) => void;
  /** Cancels: the targets keep their old content. */
  signal?: AbortSignal;
  /** The manifest's clock (tests pin it). */
  now?: () => Date;
}

/** What an export wrote, and the preview it followed. */
export interface ExportRun extends ExportSummary {
  preview: ExportPreview;
}

/** Side-file problems listed in the manifest's warnings (the rest are counted). */
const LISTED_PROBLEMS = 20;

/** Counts kept records and selected copies per source and task, in the run's order. */
function groupsOf(result: PipelineResult, labels: readonly string[], mix: MixResult): ExportGroup[] {
  const groups = new Map<string, ExportGroup>();
  const byKey = new Map<string, ExportGroup>();
  const { judgment, measured } = result;
  for (let record = 0; record < result.count; record++) {
    if (judgment.kept[record] !== 1) continue;
    const task = measured.tasks[record];
    const id = `${labels[record]}\u0000${task ?? ''}`;
    let group = groups.get(id);
    if (group === undefined) {
      group = { source: labels[record], task, role: measured.roles[record], kept: 0, train: 0, validation: 0 };
      groups.set(id, group);
    }
    group.kept++;
    byKey.set(measured.keys[record], group);
  }
  for (const pick of mix.train) {
    const group = byKey.get(pick.key);
    if (group !== undefined) group.train += pick.count;
  }
  for (const pick of mix.validation) {
    const group = byKey.get(pick.key);
    if (group !== undefined) group.validation += pick.count;
  }
  return [...groups.values()];
}

/** Warnings the pipeline's results give before writing. */
function knownWarnings(result: PipelineResult): string[] {
  const warnings: string[] = [];
  const { measured, judgment } = result;
  for (const record of [...measured.rechecks.keys()].sort((first, second) => first - second)) {
    const final = judgment.reviewed.get(record);
    // An edit that passes every stage is simply counted; one the stages would drop is worth a line.
    if (final !== undefined && (final.override || !final.included)) warnings.push(`edited record ${measured.keys[record]}: ${final.why}`);
  }
  const problems = measured.problems;
  for (const problem of problems.slice(0, LISTED_PROBLEMS)) warnings.push(`side file problem: ${formatProblem(problem)}`);
  if (problems.length > LISTED_PROBLEMS) warnings.push(`${problems.length - LISTED_PROBLEMS} more side file problems (run agentmix run to list them)`);
  return warnings;
}

/** Samples the mix and gathers what the manifest needs; reads no record. */
export function planExport(result: PipelineResult, request: ExportRequest = {}): PlannedExport {
  // The verdicts follow the recipe of the last rejudge (the UI may have moved thresholds since the run).
  const resolved = resolveExportRequest({ ...result.loaded, recipe: result.recipe }, request);
  const labelsBySource = sourceLabels(result);
  const labels = recordLabels(result, labelsBySource);
  const mix = sampleMix(mixCandidatesOf(result, labels), resolved.mix);
  const counts = stageCountsOf(result, labels);
  const manifest: ManifestBase = {
    app: request.app ?? appInfo(),
    recipe: resolved.recipe as unknown as Manifest['recipe'],
    seed: mix.settings.seed,
    inputs: result.measured.sources.map((source) => ({
      path: labelsBySource.get(source) ?? source.recipePath,
      hash: source.info.hash,
      role: source.info.role,
      format: source.info.format ?? 'unknown',
      records: source.info.records,
      problems: source.info.errorCount,
    })),
    review: { files: result.recipe.review?.files ?? [], conflicts: result.measured.reviewConflicts.length },
    counts,
  };
  const train = mix.trainOrder.length;
  const validation = mix.validationOrder.length;
  const preview: ExportPreview = {
    format: resolved.settings.format,
    out: resolved.out,
    datasetName: resolved.settings.datasetName,
    validationOut: validation > 0 ? resolved.validationOut : null,
    agentShare: mix.settings.agentShare,
    by: mix.settings.by,
    total: mix.settings.total ?? null,
    reachable: mix.reachable,
    achieved: mix.achieved,
    notes: mix.notes,
    records: { train, validation },
    groups: groupsOf(result, labels, mix),
    counts,
  };
  return { resolved, mix, manifest, warnings: knownWarnings(result), preview };
}

/** What an export would hold: see {@link ExportPreview}. */
export function previewExport(result: PipelineResult, request: ExportRequest = {}): ExportPreview {
  return planExport(result, request).preview;
}

/**
 * Writes the export of `result`: samples the mix, streams the selected records from the engine's
 * sources in the sampler's order, and writes the files, the trainer files and the manifest
 * atomically (see write-export.ts). Rejects when a record cannot be read (a source changed since the
 * run) or on cancel; then the targets keep their old content.
 */
export async function runExport(host: RecordHost, result: PipelineResult, request: ExportRequest = {}, events: ExportEvents = {}): Promise<ExportRun> {
  const planned = planExport(result, request);
  const { resolved, mix } = planned;
  events.signal?.throwIfAborted();
  const reader = createExportReader(host, result, [...mix.trainOrder, ...mix.validationOrder]);
  try {
    const summary = await writeExport({
      settings: resolved.settings,
      out: resolved.out,
      validationOut: resolved.validationOut,
      mix,
      readRecord: (key) => reader.read(key),
      formatOf: (key) => reader.formatOf(key),
      base: resolved.base,
      manifest: planned.manifest,
      warnings: planned.warnings,
      signal: events.signal,
      onProgress: (done, total) => events.onProgress?.({ stage: 'export', done, total, unit: 'records' }),
      now: events.now,
    });
    return { ...summary, preview: planned.preview };
  } finally {
    await reader.close();
  }
}
