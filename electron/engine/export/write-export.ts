import { addConversionTotals, CONVERSIONS, type ConversionKind, type ConversionTotals } from '../../../shared/export/conversions';
import { exportRecord } from '../../../shared/export/export-record';
import type { ExportTraits } from '../../../shared/export/format-spec';
import { formatSpec } from '../../../shared/export/formats/index';
import { LossCounter, lossWarning } from '../../../shared/export/loss-report';
import { emptyStageCounts, NO_TASK, type Manifest } from '../../../shared/export/manifest';
import { containerOf, manifestPathFor, type ExportSettings } from '../../../shared/export/settings';
import type { MixPick } from '../../../shared/mix/pool';
import type { MixResult } from '../../../shared/mix/sampler';
import { trains, type Conversation } from '../../../shared/schema/conversation';
import { openAtomicFile, type AtomicFile } from './atomic-file';
import { stageManifest } from './manifest-file';
import { manifestTime } from './manifest-time';
import { openRecordFile, type RecordFile, type WrittenFile } from './record-file';
import type { ExportPath } from './export-path';
import { stageTrainerFiles } from './trainer-files';

/** What the pipeline knows for the manifest before the export runs. */
export type ManifestBase = Pick<Manifest, 'app' | 'recipe' | 'seed' | 'inputs' | 'review' | 'counts'>;

export type { ExportPath } from './export-path';

/** Everything an export needs. */
export interface ExportPlan {
  settings: ExportSettings;
  out: ExportPath;
  /** Used only when the mix holds records out for validation. */
  validationOut: ExportPath;
  mix: MixResult;
  /** The record of a key, review edits applied. Called once per written copy, in output order. */
  readRecord(key: string): Promise<Conversation>;
  /** The format a key's record was read from (a record in its own format may be written as it was read). */
  formatOf?(key: string): string | undefined;
  /** The folder the trainer runs from (absolute), when the user named one: the trainer files name paths relative to it. */
  base?: string;
  manifest: ManifestBase;
  /** Warnings known before writing (the manifest lists them first). */
  warnings?: readonly string[];
  /** Called every 1,000 records and at the end. */
  onProgress?(done: number, total: number): void;
  /** Cancels the export: checked before each record; every staged file is dropped and the targets keep their old content. */
  signal?: AbortSignal;
  /** Called once every file is complete on disk, just before the renames put them in place. */
  onCommit?(): void;
  /** Called after each rename, with the file now in place (the kill test stops the writer there). */
  onCommitted?(target: string): void;
  /** The manifest's clock (tests pin it); else SOURCE_DATE_EPOCH or now (./manifest-time.ts). */
  now?(): Date;
}

/** What an export wrote. */
export interface ExportSummary {
  outputs: WrittenFile[];
  manifestPath: string;
  manifest: Manifest;
}

/** How many skipped records the manifest lists by key (the count is always complete). */
const SKIPPED_EXAMPLES = 100;

/** Records whose turn texts hold this many characters are written in pieces (docs/scale.md, "One huge record"). */
const LARGE_RECORD_CHARS = 1 << 20;

/** The characters of a conversation's turn texts. */
function textChars(conversation: Conversation): number {
  let chars = 0;
  for (const turn of conversation.turns) chars += turn.text.length;
  return chars;
}

/** Adds one exported copy to the per-stage counts of the run, its source and its task. */
function countExported(counts: Manifest['counts'], pick: MixPick): void {
  counts.total.exported++;
  const task = pick.task ?? NO_TASK;
  (counts.sources[pick.source] ??= emptyStageCounts()).exported++;
  (counts.tasks[task] ??= emptyStageCounts()).exported++;
}

/**
 * Writes the mix: the train file (and the validation file when there is one) streamed in the
 * sampler's order with a running SHA-256, the LLaMA-Factory `dataset_info.json` entry and the
 * Axolotl snippet, and `<output>.manifest.json`. Every file goes to a temporary sibling first; only
 * when all are complete are they renamed into place, outputs before the manifest, so a kill leaves
 * each file old or new, never torn, and a manifest's `sha256` tells whether it belongs to the file
 * beside it. Same plan (records, settings, seed) ⇒ byte-identical files, apart from the manifest's
 * `time` (the same too when SOURCE_DATE_EPOCH pins it).
 */
export async function writeExport(plan: ExportPlan): Promise<ExportSummary> {
  const { settings, mix } = plan;
  // Read before any file is written, so that a malformed SOURCE_DATE_EPOCH fails the export at once.
  const time = plan.now?.() ?? manifestTime();
  const counts: Manifest['counts'] = structuredClone(plan.manifest.counts);
  counts.total.exported = 0;
  for (const entry of [...Object.values(counts.sources), ...Object.values(counts.tasks)]) entry.exported = 0;
  const picks = new Map<string, MixPick>([...mix.train, ...mix.validation].map((pick) => [pick.key, pick]));
  const traits: ExportTraits[] = [];
  const conversions: ConversionTotals = {};
  const loss = new LossCounter(formatSpec(settings.format));
  const skipped: Manifest['skipped'] = { count: 0, examples: [] };
  const total = mix.trainOrder.length + mix.validationOrder.length;
  const staged: (AtomicFile | RecordFile)[] = [];
  let done = 0;

  async function writeSplit(order: readonly string[], path: ExportPath): Promise<WrittenFile> {
    const file = await openRecordFile(path.file, containerOf(settings.format));
    staged.push(file);
    const fileTraits: ExportTraits = { hasSystem: false, hasTools: false };
    traits.push(fileTraits);
    for (const key of order) {
      plan.signal?.throwIfAborted();
      const conversation = await plan.readRecord(key);
      const written = exportRecord(conversation, settings, key, plan.formatOf?.(key));
      if (written.ok) {
        await file.write(written.value, textChars(conversation) >= LARGE_RECORD_CHARS);
        fileTraits.hasSystem ||= written.hasSystem;
        fileTraits.hasTools ||= written.hasTools;
        addConversionTotals(conversions, written.conversions);
        loss.add(written.messages, conversation.turns.map(trains));
        const pick = picks.get(key);
        if (pick) countExported(counts, pick);
      } else {
        skipped.count++;
        if (skipped.examples.length < SKIPPED_EXAMPLES) skipped.examples.push({ key, message: written.message });
      }
      if (++done % 1000 === 0) plan.onProgress?.(done, total);
    }
    return file.finish();
  }

  async function stageText(target: string, text: string): Promise<void> {
    const file = await openAtomicFile(target);
    staged.push(file);
    await file.write(text);
    await file.finish();
  }

  try {
    const outputs: Manifest['outputs'] = [];
    const files: WrittenFile[] = [await writeSplit(mix.trainOrder, plan.out)];
    outputs.push({ ...files[0], path: plan.out.shown, split: 'train', format: settings.format });
    if (mix.validationOrder.length > 0) {
      files.push(await writeSplit(mix.validationOrder, plan.validationOut));
      outputs.push({ ...files[1], path: plan.validationOut.shown, split: 'validation', format: settings.format });
    }
    plan.onProgress?.(done, total);

    const warnings: string[] = [...(plan.warnings ?? [])];
    const side = await stageTrainerFiles({
      settings,
      files: [plan.out, ...(files.length > 1 ? [plan.validationOut] : [])],
      traits,
      base: plan.base,
      stage: stageText,
    });
    for (const warning of side.warnings) warnings.push(warning);
    const lossReport = loss.report();
    for (const difference of lossReport) {
      const warning = lossWarning(difference);
      if (warning !== null) warnings.push(warning);
    }
    if (skipped.count > 0) warnings.push(`${skipped.count} records could not be written as ${settings.format} (see skipped).`);

    const manifest: Manifest = {
      ...plan.manifest,
      time: time.toISOString(),
      counts,
      mix: {
        agentShare: mix.settings.agentShare,
        by: mix.settings.by,
        ...(mix.settings.total !== undefined ? { total: mix.settings.total } : {}),
        reachable: mix.reachable,
        achieved: mix.achieved,
        notes: mix.notes,
      },
      outputs,
      extras: side.extras,
      conversions: Object.fromEntries(
        (Object.entries(conversions) as [ConversionKind, { records: number; turns: number }][]).map(([kind, total]) => [kind, { ...total, rule: CONVERSIONS[kind] }]),
      ),
      loss: lossReport,
      skipped,
      warnings,
    };
    staged.push(await stageManifest(plan.out.file, manifest));
    plan.signal?.throwIfAborted();
    plan.onCommit?.();
    for (const file of staged) {
      await file.commit();
      plan.onCommitted?.(file.target);
    }
    return { outputs: files, manifestPath: manifestPathFor(plan.out.file), manifest };
  } catch (error) {
    await Promise.all(staged.map((file) => file.abort()));
    throw error;
  }
}
