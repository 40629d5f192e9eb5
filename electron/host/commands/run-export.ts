/**
 * The export step of `agentmix run` (docs/recipe.md, "Running the export"): runs when the recipe has an `export` section
 * or `--out` / `--format` ask for one; writes the files through the engine (`engine.exportMix`) with
 * the progress bar on stderr, then prints what went in: records per source and task, the achieved η
 * by records and by tokens, the sampler's notes (how far off η is and why, when it is), skipped
 * records, warnings, and each output with its path and size.
 */
import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { EXPORT_FORMAT_SPECS, formatSpec } from '../../../shared/export/formats/index';
import { axolotlPathFor, EXPORT_FORMATS, type ExportFormat } from '../../../shared/export/settings';
import type { Engine } from '../../engine/engine';
import type { ExportRequest } from '../../engine/export/export-request';
import type { ExportRun } from '../../engine/export/run-export';
import type { LoadedRecipe } from '../../engine/pipeline/load-recipe';
import type { ProgressBar } from '../progress';

/** The export options of `agentmix run`. */
export interface ExportArguments {
  /** `--out PATH`, relative to the working folder. */
  out: string | null;
  /** `--format F`. */
  format: ExportFormat | null;
  /** `--base DIR`, relative to the working folder. */
  base: string | null;
}

/** One line per format for the help: its name and summary. */
export function formatHelp(indent: string): string {
  const width = EXPORT_FORMATS.reduce((longest, format) => Math.max(longest, format.length), 0);
  return Object.entries(EXPORT_FORMAT_SPECS).map(([format, spec]) => `${indent}${format.padEnd(width)}  ${spec.summary}`).join('\n');
}

/** Parses the value of `--format`, or says what is accepted. */
export function parseFormatArgument(value: string): ExportFormat | { error: string } {
  return (EXPORT_FORMATS as readonly string[]).includes(value)
    ? (value as ExportFormat)
    : { error: `--format: expected one of ${EXPORT_FORMATS.join(', ')}, got "${value}"` };
}

/**
 * The engine request for the options. `--out` is a path from the working folder, as on any command
 * line; the manifest records it relative to the recipe like the recipe's own paths (absolute when it
 * lies outside the recipe's folder), so the manifest's recipe writes the same export again.
 */
export function exportRequestOf(options: ExportArguments, loaded: LoadedRecipe): ExportRequest {
  const changes: NonNullable<ExportRequest['export']> = {};
  if (options.format !== null) changes.format = options.format;
  if (options.base !== null) changes.base = resolve(options.base);
  if (options.out !== null) {
    const file = resolve(options.out);
    const inside = relative(loaded.directory, file);
    changes.out = inside !== '' && !inside.startsWith('..') && !isAbsolute(inside) ? inside.split('\\').join('/') : file;
  }
  return { export: changes };
}

/** Whether `run` exports: the recipe has an `export` section, or an option asks for one. */
export function wantsExport(options: ExportArguments, loaded: LoadedRecipe): boolean {
  return loaded.recipe.export !== undefined || options.out !== null || options.format !== null || options.base !== null;
}

/** `1,234`. */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** `12.3 MB (12,345,678 bytes)`. */
function size(bytes: number): string {
  const units: [number, string][] = [
    [1e9, 'GB'],
    [1e6, 'MB'],
    [1e3, 'KB'],
  ];
  const [scale, unit] = units.find(([limit]) => bytes >= limit) ?? [1, 'B'];
  return scale === 1 ? `${count(bytes)} bytes` : `${(bytes / scale).toFixed(1)} ${unit} (${count(bytes)} bytes)`;
}

/** `0.200 by records (17 agent + 68 general)`. */
function share(totals: { agent: number; general: number; share: number }, unit: string): string {
  return `${totals.share.toFixed(3)} by ${unit} (${count(totals.agent)} agent + ${count(totals.general)} general)`;
}

/** The human-readable summary of an export. */
export function exportSummaryText(run: ExportRun): string {
  const { preview, manifest } = run;
  const lines: string[] = ['', `export   ${preview.format}, η asked ${preview.agentShare} by ${preview.by}${preview.total === null ? '' : `, total ${count(preview.total)}`}, seed ${manifest.seed}`];
  for (const [split, totals] of [
    ['train', manifest.mix.achieved.train],
    ['validation', manifest.mix.achieved.validation],
  ] as const) {
    if (split === 'validation' && totals.records.agent + totals.records.general === 0) continue;
    lines.push(`${split.padEnd(10)} η = ${share(totals.records, 'records')}; ${share(totals.tokens, 'tokens')}`);
  }
  if (!preview.reachable) lines.push(`η ${preview.agentShare} was not reached (see the notes).`);
  if (preview.notes.length > 0) {
    lines.push('notes');
    for (const note of preview.notes) lines.push(`  ${note}`);
  }
  lines.push('', 'per source and task: exported train (+ validation) / kept');
  let lastSource = '';
  for (const group of preview.groups) {
    if (group.source !== lastSource) {
      lines.push(`${group.source} (${group.role})`);
      lastSource = group.source;
    }
    const validation = group.validation > 0 ? ` (+ ${count(group.validation)})` : '';
    lines.push(`  ${(group.task ?? '(no task)').padEnd(12)} ${count(group.train).padStart(6)}${validation} / ${count(group.kept)}`);
  }
  if (manifest.skipped.count > 0) {
    lines.push('', `skipped  ${count(manifest.skipped.count)} records ${preview.format} cannot hold, e.g.`);
    for (const example of manifest.skipped.examples.slice(0, 3)) lines.push(`  ${example.key}: ${example.message}`);
  }
  const conversions = Object.values(manifest.conversions);
  if (conversions.length > 0) {
    lines.push('', `converted (what ${preview.format} cannot hold, by rule): records, turns`);
    for (const conversion of conversions) lines.push(`  ${count(conversion.records).padStart(6)} ${count(conversion.turns).padStart(7)}  ${conversion.rule}`);
  }
  if (manifest.warnings.length > 0) {
    lines.push('', 'warnings');
    for (const warning of manifest.warnings) lines.push(`  ${warning}`);
  }
  lines.push('');
  for (const [index, output] of run.outputs.entries()) {
    const split = manifest.outputs[index]?.split ?? 'train';
    lines.push(`${split.padEnd(14)} ${output.path}  ${count(output.records)} records, ${size(output.bytes)}, sha256 ${output.sha256}`);
  }
  lines.push(`manifest       ${run.manifestPath}`);
  const spec = formatSpec(preview.format);
  const outFolder = dirname(preview.out.file);
  if (manifest.extras.datasetInfo !== undefined) lines.push(`LLaMA-Factory  ${join(outFolder, 'dataset_info.json')} (dataset "${preview.datasetName}"${run.outputs.length > 1 ? `, eval_dataset "${preview.datasetName}_validation"` : ''})`);
  for (const config of manifest.extras.llamaFactory ?? []) lines.push(`LLaMA-Factory  ${config} (v1: dataset: <this file>)`);
  if ('none' in spec.llamaFactory) lines.push(`LLaMA-Factory  no entry: ${spec.llamaFactory.none}`);
  if (manifest.extras.axolotl !== undefined) lines.push(`Axolotl        ${axolotlPathFor(preview.out.file)}`);
  if ('none' in spec.axolotl) lines.push(`Axolotl        no snippet: ${spec.axolotl.none}`);
  return `${lines.join('\n')}\n`;
}

/** Runs the export after the pipeline and prints its summary; the caller maps errors to exit codes. */
export async function exportStep(engine: Engine, loaded: LoadedRecipe, options: ExportArguments, progress: ProgressBar, out: NodeJS.WritableStream): Promise<void> {
  if (!wantsExport(options, loaded)) return;
  const run = await engine.exportMix(exportRequestOf(options, loaded), { onProgress: (event) => progress.update(event) });
  progress.done();
  out.write(exportSummaryText(run));
}
