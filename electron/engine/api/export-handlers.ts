import type { z } from 'zod';
import type { exportOptionsSchema } from '../../../shared/api/export';
import type { Response } from '../../../shared/api';
import { formatSpec } from '../../../shared/export/formats/index';
import { exportSettings } from '../../../shared/export/settings';
import { trainerView } from '../../../shared/export/trainer-view';
import { checkExportTargets } from '../access/write-targets';
import { resolveExportRequest, type ExportRequest } from '../export/export-request';
import type { ExportPreview } from '../export/run-export';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** The dialog's settings. */
type ExportOptions = z.output<typeof exportOptionsSchema>;

/** The dialog's settings as an engine export request over the recipe's `mix` (caps join the recipe's per-task settings). */
export function exportRequestOf(options: ExportOptions, recipeTasks: Record<string, { weight?: number; cap?: number }>): ExportRequest {
  const exportFields: NonNullable<ExportRequest['export']> = {};
  if (options.format !== undefined) exportFields.format = options.format;
  if (options.out !== undefined) exportFields.out = options.out;
  const mix: NonNullable<ExportRequest['mix']> = {};
  if (options.agentShare !== undefined) mix.agentShare = options.agentShare;
  if (options.by !== undefined) mix.by = options.by;
  if (options.seed !== undefined) mix.seed = options.seed;
  if (options.total !== undefined) mix.total = options.total ?? undefined;
  if (options.validation !== undefined) mix.validation = options.validation;
  if (options.caps !== undefined) {
    const tasks: Record<string, { weight?: number; cap?: number }> = structuredClone(recipeTasks);
    for (const [task, cap] of Object.entries(options.caps)) tasks[task] = { ...tasks[task], cap };
    mix.tasks = tasks;
  }
  return { export: exportFields, mix };
}

/** The engine's preview in the contract's shape. */
function toPreview(preview: ExportPreview): Response<'export.preview'> {
  return {
    format: preview.format,
    out: preview.out.file,
    validationOut: preview.validationOut?.file ?? null,
    agentShare: preview.agentShare,
    by: preview.by,
    total: preview.total,
    reachable: preview.reachable,
    achieved: { train: { records: preview.achieved.train.records, tokens: preview.achieved.train.tokens }, validation: { records: preview.achieved.validation.records, tokens: preview.achieved.validation.tokens } },
    notes: preview.notes,
    records: preview.records,
    lossIgnoredBy: formatSpec(preview.format).consumers.filter((consumer) => consumer.trains !== 'flags').map((consumer) => ({ trainer: consumer.name, keep: consumer.keep ?? null })),
    groups: preview.groups,
  };
}

/**
 * `export.preview` and `export.run` (docs/ui.md, "Views after a pipeline run"): the last run's kept records mixed
 * at η with the dialog's settings over the recipe's; the export is a job with progress and Cancel.
 */
export function exportHandlers(services: ApiServices): HandlerModule<'export.preview' | 'export.run' | 'export.trainerView'> {
  const { engine, jobs } = services;
  const requestOf = (options: ExportOptions): ExportRequest => {
    const result = engine.lastRun?.() ?? null;
    if (result === null) throw new ApiFailure('unsupported', 'the pipeline has not run yet: run it (Run pipeline) before exporting');
    return exportRequestOf(options, result.recipe.mix?.tasks ?? {});
  };
  return {
    'export.preview': async ({ options }) => {
      const request = requestOf(options);
      const { previewExport, measureFilters } = engine;
      if (previewExport === undefined) throw new ApiFailure('unsupported', 'this engine cannot export');
      // The mix weighs records by tokens: a run that did not count them (the length filter was off) counts them first, as a job.
      const result = engine.lastRun?.() ?? null;
      if (measureFilters !== undefined && result !== null && !result.measured.filters.has('length')) {
        await jobs.run('pipeline', 'Counting Llama-2 tokens for the mix', (control) =>
          measureFilters(['length'], { signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit) }),
        );
      }
      return toPreview(previewExport(request));
    },
    'export.run': async ({ options }) => {
      const request = requestOf(options);
      const exportMix = engine.exportMix;
      const result = engine.lastRun?.() ?? null;
      if (exportMix === undefined || engine.previewExport === undefined || result === null) throw new ApiFailure('unsupported', 'this engine cannot export');
      // Every file the export writes, checked before the job starts (docs/security.md, "File access").
      const { settings } = resolveExportRequest({ ...result.loaded, recipe: result.recipe }, request);
      const preview = engine.previewExport(request);
      const spec = formatSpec(settings.format);
      await checkExportTargets(services.access, {
        out: preview.out.file,
        validationOut: preview.validationOut?.file ?? null,
        llamaFactory: settings.datasetInfo && 'kind' in spec.llamaFactory ? spec.llamaFactory.kind : null,
        axolotl: settings.axolotl && typeof spec.axolotl === 'function',
      });
      const run = await jobs.run('export', 'Exporting the mix', (control) =>
        exportMix(request, { signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit) }),
      );
      return {
        outputs: run.manifest.outputs.map((output) => ({ ...output, path: run.outputs.find((file) => file.sha256 === output.sha256 && file.bytes === output.bytes)?.path ?? output.path })),
        manifestPath: run.manifestPath,
        exported: run.manifest.counts.total.exported,
        conversions: Object.values(run.manifest.conversions),
        loss: run.manifest.loss.map(({ trainer, turns, keep }) => ({ trainer, turns, keep })),
        skipped: run.manifest.skipped.count,
        warnings: run.manifest.warnings,
      };
    },
    'export.trainerView': async ({ key, format, edited }) => {
      let record;
      try {
        record = await engine.readRecord(key);
      } catch (error) {
        throw new ApiFailure('not-found', `cannot open record ${key}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const sourceFormat = engine.listSources().find((source) => source.sourceId === record.sourceId)?.format;
      let conversation = record.conversation;
      if (edited !== undefined) {
        const reader = sourceFormat === undefined ? null : services.formatOf(sourceFormat);
        const read = reader?.read(edited);
        if (read === undefined) throw new ApiFailure('unsupported', `the edit of ${key} cannot be read: its source's format (${sourceFormat ?? 'unknown'}) has no reader`);
        if (!read.ok) throw new ApiFailure('bad-request', `the edit of ${key} is not a valid record: ${read.message}`);
        conversation = read.conversation;
      }
      // The recipe's Llama-2 system settings when a pipeline has run, else the defaults.
      const settings = exportSettings.parse({ ...(engine.lastRun?.()?.recipe.export ?? {}), format });
      return trainerView(conversation, settings, key, edited === undefined ? sourceFormat : undefined);
    },
  };
}
