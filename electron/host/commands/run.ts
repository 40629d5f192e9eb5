/**
 * `agentmix run <recipe.json> [--verdicts FILE] [--workers N]` (docs/recipe.md, "agentmix run"): runs a recipe's pipeline
 * headless, prints a summary per stage (kept and dropped per source and task with the top reasons)
 * on stdout with the problems reading met per source, a progress bar on stderr, and with
 * `--verdicts` one JSON line per record. Exit codes: 0 done (files that cannot be read are problems
 * of the run, not failures), 1 the job failed (a worker crashed, a file changed under it, a source
 * marked `required` could not be read in full...), 2 a bad recipe, path or argument (the message
 * names the file and the field).
 *
 * The command is a list of steps over one {@link RunContext}; the export (docs/recipe.md, "Export") is the last
 * step (run-export.ts).
 */
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { formatProblem } from '../../../shared/schema/problem';
import { Engine } from '../../engine/engine';
import { RecipeError, type LoadedRecipe } from '../../engine/pipeline/load-recipe';
import type { PipelineResult } from '../../engine/pipeline/pipeline-result';
import { RequiredSourceError } from '../../engine/pipeline/run-pipeline';
import { summarizeRun, type RunSummary } from '../../engine/pipeline/run-summary';
import { SourceOpenError } from '../../engine/sources/expand-paths';
import type { Progress } from '../../engine/types';
import { ProgressBar } from '../progress';
import { parseShard, PartialError, type ShardSlice } from '../../engine/pipeline/partial-run';
import { shardStep } from './run-shard';
import { exportStep, formatHelp, parseFormatArgument, wantsExport, type ExportArguments } from './run-export';

const USAGE = `Usage: agentmix run <recipe.json> [--verdicts FILE] [--workers N] [--out PATH] [--format F] [--base DIR]
       agentmix run <recipe.json> --shard I/N --partial DIR [--workers N]

Runs the recipe's pipeline (filters, dedup, leakage, review) and prints what each stage kept and dropped;
then, when the recipe has an "export" section (or --out / --format ask for one), samples the mix and
writes the export with its manifest, a LLaMA-Factory dataset_info.json entry and an Axolotl snippet.
  --verdicts FILE  write one JSON line per record: key, source, id, task, role, kept, reasons, cluster,
                   duplicateOf, leakage, scores
  --workers N      worker threads (default: one per core)
  --out PATH       the export's train file (overrides export.out; relative to the working folder)
  --format F       the export format (overrides export.format; without --out the recipe's output
                   becomes <name>.<F>.json(l)), one of:
${formatHelp('                     ')}
  --base DIR       the folder the trainer runs from: the Axolotl snippet and LLaMA-Factory's v1 config
                   name the files relative to it (overrides export.base; default: absolute paths)
  --shard I/N      measure only slice I of N (0-based) of the records and write it as a partial to
  --partial DIR    DIR; agentmix merge <recipe.json> DIR... then finishes the run (docs/scale.md, "Shards")
Exit codes: 0 done (unreadable files are listed as problems), 1 the run failed (or a source marked
"required" could not be read in full), 2 a bad recipe, path or argument.
`;

/** Parsed arguments of `run` (and of `merge`, whose paths after the recipe are its partials). */
export interface RunArguments extends ExportArguments {
  recipe: string;
  verdicts: string | null;
  workers: number | undefined;
  /** `--shard I/N` and `--partial DIR` (docs/scale.md, "Shards"). */
  shard: ShardSlice | null;
  partial: string | null;
  /** `merge`: the partials (files or folders). */
  partials: string[];
}

/** Everything the steps share. */
export interface RunContext {
  arguments: RunArguments;
  engine: Engine;
  loaded: LoadedRecipe;
  result: PipelineResult;
  out: NodeJS.WritableStream;
  progress: ProgressBar;
}

/** Parses the arguments, or returns a usage error. */
export function parseRunArguments(argv: string[], command: 'run' | 'merge' = 'run'): RunArguments | { error: string } {
  const parsed: RunArguments = { recipe: '', verdicts: null, workers: undefined, out: null, format: null, base: null, shard: null, partial: null, partials: [] };
  const paths: string[] = [];
  const options = command === 'run' ? ['--verdicts', '--workers', '--out', '--format', '--base', '--shard', '--partial'] : ['--verdicts', '--workers', '--out', '--format', '--base'];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (options.includes(argument)) {
      const value = argv[++index];
      if (value === undefined) return { error: `${argument} needs a value` };
      if (argument === '--verdicts') parsed.verdicts = value;
      else if (argument === '--partial') parsed.partial = value;
      else if (argument === '--shard') {
        const shard = parseShard(value);
        if ('error' in shard) return shard;
        parsed.shard = shard;
      }
      else if (argument === '--out') parsed.out = value;
      else if (argument === '--base') parsed.base = value;
      else if (argument === '--format') {
        const format = parseFormatArgument(value);
        if (typeof format === 'object') return format;
        parsed.format = format;
      } else {
        const workers = Number(value);
        if (!Number.isInteger(workers) || workers < 1 || workers > 64) return { error: `--workers: expected a whole number from 1 to 64, got "${value}"` };
        parsed.workers = workers;
      }
    } else if (argument.startsWith('--')) return { error: `unknown option ${argument}` };
    else paths.push(argument);
  }
  if (paths.length === 0) return { error: 'no recipe given' };
  if (command === 'merge') {
    if (paths.length === 1) return { error: 'no partials given: agentmix merge <recipe.json> DIR... (the folders the shards wrote with --partial)' };
    parsed.partials = paths.slice(1);
  } else if (paths.length !== 1) return { error: `one recipe at a time (got ${paths.length})` };
  parsed.recipe = paths[0];
  if ((parsed.shard === null) !== (parsed.partial === null)) return { error: parsed.shard === null ? '--partial needs --shard I/N' : '--shard needs --partial DIR (the folder its partial goes to)' };
  if (parsed.shard !== null && (parsed.verdicts !== null || parsed.out !== null || parsed.format !== null || parsed.base !== null)) return { error: 'a shard writes a partial only: give --verdicts, --out, --format and --base to agentmix merge' };
  return parsed;
}

/** Writes the `--verdicts` JSONL, one record per line, in the run's record order. */
export async function writeVerdicts(result: PipelineResult, path: string): Promise<void> {
  const stream = createWriteStream(path);
  const failed = once(stream, 'error').then(([error]) => {
    throw error;
  });
  failed.catch(() => undefined);
  const write = async (): Promise<void> => {
    let chunk = '';
    for (let record = 0; record < result.count; record++) {
      chunk += `${JSON.stringify(result.verdict(record))}\n`;
      if (chunk.length > 1 << 20) {
        if (!stream.write(chunk)) await once(stream, 'drain');
        chunk = '';
      }
    }
    stream.end(chunk);
    await once(stream, 'finish');
  };
  await Promise.race([write(), failed]);
}

/** `12 (os 5, db 7)`: a count with its top entries. */
function withRules(count: number, rules: readonly [string, number][], limit = 4): string {
  if (rules.length === 0) return String(count);
  const shown = rules.slice(0, limit).map(([rule, times]) => `${rule} ${times}`).join(', ');
  return `${count} (${shown}${rules.length > limit ? ', ...' : ''})`;
}

/**
 * What reading skipped, per source (records that did not read, unreadable parts of files, with
 * the first problem), then the files left out and the problems of side files: nothing is skipped
 * without a line here. `agentmix inspect` lists every problem of a source.
 */
export function problemLines(result: PipelineResult): string[] {
  const lines: string[] = [];
  const sources = result.measured.sources.filter((source) => source.info.errorCount > 0);
  if (sources.length > 0) {
    lines.push('', `problems per source (skipped records and unreadable parts; agentmix inspect lists them all)`);
    for (const { info } of sources) {
      const first = info.errors[0];
      lines.push(`  ${info.path}: ${info.errorCount} problem${info.errorCount === 1 ? '' : 's'}, ${info.records} records read`);
      if (first !== undefined) lines.push(`    first: ${formatProblem(first)}`);
    }
  }
  const problems = result.measured.problems;
  if (problems.length > 0) {
    lines.push('', `files left out and side-file problems: ${problems.length}`);
    for (const problem of problems.slice(0, 10)) lines.push(`  ${formatProblem(problem)}`);
    if (problems.length > 10) lines.push(`  and ${problems.length - 10} more`);
  }
  return lines;
}

/** The human-readable summary. */
export function summaryText(summary: RunSummary, result: PipelineResult): string {
  const lines: string[] = [];
  lines.push(`recipe   ${result.loaded.file}`);
  lines.push(`records  ${summary.records} from ${result.measured.sources.length} source${result.measured.sources.length === 1 ? '' : 's'}`);
  lines.push('', 'stage     dropped  flagged  rules');
  for (const stage of summary.stages) {
    lines.push(`${stage.stage.padEnd(9)} ${String(stage.dropped).padStart(7)}  ${String(stage.flagged).padStart(7)}  ${stage.rules.slice(0, 4).map(([rule, times]) => `${rule} ${times}`).join(', ')}`);
  }
  lines.push(`kept     ${summary.kept} of ${summary.records}${summary.flagged > 0 ? ` (${summary.flagged} flagged for review)` : ''}`);
  lines.push('', 'per source and task: kept / records, dropped (top reasons)');
  let lastSource = '';
  for (const group of summary.groups) {
    if (group.source !== lastSource) {
      lines.push(`${group.source} (${group.role})`);
      lastSource = group.source;
    }
    lines.push(`  ${(group.task ?? '(no task)').padEnd(12)} ${String(group.kept).padStart(6)} / ${String(group.records).padEnd(6)} dropped ${withRules(group.dropped, group.topReasons)}`);
  }
  for (const line of problemLines(result)) lines.push(line);
  if (result.measured.reviewConflicts.length > 0) lines.push(`review conflicts: ${result.measured.reviewConflicts.length} keys decided differently by the review files`);
  const dedup = result.clusters.dedup;
  if (dedup?.near) {
    const { bands, rows } = dedup.banding;
    const near = dedup.near;
    lines.push('', `near dedup ${bands} x ${rows} bands: ${near.candidatePairs} candidate pairs, ${near.rejectedPairs} rejected by verification (${(near.verifyMilliseconds / 1000).toFixed(2)} s), ${near.components} components`);
  }
  const timings = result.measured.timings;
  lines.push('', `time     ${Object.entries(timings).filter(([stage]) => !stage.startsWith('worker')).map(([stage, milliseconds]) => `${stage} ${(milliseconds / 1000).toFixed(2)} s`).join(', ')}`);
  return `${lines.join('\n')}\n`;
}

/** The steps after the pipeline, in order (the export comes after the verdicts). */
const STEPS: ((context: RunContext) => Promise<void>)[] = [
  async (context) => {
    if (context.arguments.verdicts !== null) await writeVerdicts(context.result, context.arguments.verdicts);
  },
  async (context) => {
    context.out.write(summaryText(summarizeRun(context.result), context.result));
  },
  (context) => exportStep(context.engine, context.loaded, context.arguments, context.progress, context.out),
];

/** Runs `agentmix run` (or, with `merge`, `agentmix merge`); resolves to the exit code. */
export async function runCommand(argv: string[], command: 'run' | 'merge' = 'run', usage = USAGE): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(usage);
    return 0;
  }
  const parsed = parseRunArguments(argv, command);
  if ('error' in parsed) {
    process.stderr.write(`agentmix ${command}: ${parsed.error}\n\n${usage}`);
    return 2;
  }
  const engine = new Engine({ workers: parsed.workers });
  const progress = new ProgressBar();
  try {
    const loaded = await engine.openRecipe(parsed.recipe);
    const events = { onProgress: (event: Progress) => progress.update(event), exporting: wantsExport(parsed, loaded) };
    if (parsed.shard !== null && parsed.partial !== null) {
      await shardStep(engine, loaded, parsed.shard, parsed.partial, events, process.stdout);
      progress.done();
      return 0;
    }
    // A run that exports measures the length filter's tokens in the same pass (the mix weighs by them).
    const result = command === 'merge' ? await engine.mergePartials(loaded, parsed.partials, events) : await engine.runPipeline(loaded, events);
    progress.done();
    const context: RunContext = { arguments: parsed, engine, loaded, result, out: process.stdout, progress };
    for (const step of STEPS) await step(context);
    return 0;
  } catch (error) {
    progress.done();
    if (error instanceof RecipeError || error instanceof SourceOpenError || error instanceof PartialError) {
      process.stderr.write(`agentmix ${command}: ${error.message}\n`);
      return 2;
    }
    if (error instanceof RequiredSourceError) {
      process.stderr.write(`agentmix ${command}: ${error.message}\n`);
      return 1;
    }
    process.stderr.write(`agentmix ${command}: the run failed: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  } finally {
    await engine.dispose();
  }
}
