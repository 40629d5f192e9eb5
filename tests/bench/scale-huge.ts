/**
 * One huge record through `agentmix run` (docs/scale.md, "One huge record"): a single ShareGPT line
 * of about 100 MB (a user turn and a long assistant turn of generated words), every stage on but
 * leakage, and its peak RSS against the file's size. The line is written by a seeded generator from
 * a vocabulary of our own, so nothing of the real data is in it.
 *
 * Run alone, this file measures the huge record only, with the peak RSS of each stage:
 *   node bin/run-ts.mjs tests/bench/scale-huge.ts     (AGENTMIX_CLI: another build's bin/agentmix.mjs)
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { REPO_ROOT } from '../helpers/data';
import { benchDataDir } from './bench-module';
import { residentSet } from './desk-serve';

const WORDS = 'record turn shard mixer curated window agent trainer review keeper signal export measure index column scratch filter ratio bench sample'.split(' ');

/** xorshift32: the generator's words, the same bytes on every machine. */
function words(seed: number): () => string {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return WORDS[state % WORDS.length];
  };
}

/** Writes (once) a JSONL file holding one ShareGPT record of about `megabytes` MB and returns its path. */
export async function hugeRecordFile(megabytes: number): Promise<string> {
  const path = join(benchDataDir(), `scale-huge-${megabytes}mb.jsonl`);
  if (existsSync(path)) return path;
  const next = words(megabytes);
  const out = createWriteStream(`${path}.partial`);
  const write = (text: string): Promise<void> => new Promise((done) => (out.write(text) ? done() : out.once('drain', done)));
  await write('{"id":"huge-0","conversations":[{"from":"human","value":"Write a very long answer."},{"from":"gpt","value":"');
  let written = 0;
  while (written < megabytes * 1_000_000) {
    const line: string[] = [];
    for (let word = 0; word < 12_000; word++) line.push(next());
    const chunk = `${line.join(' ')}.\\n`;
    await write(chunk);
    written += chunk.length;
  }
  await write('"}]}\n');
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  renameSync(`${path}.partial`, path);
  return path;
}

/**
 * The recipes over the huge record alone, with an export at η = 0: `every stage` (the default
 * filters and dedup, no evaluation sets so no leakage scan; the length and repetition filters drop
 * the record, so nothing is written) and `read and export` (filters and dedup off: read, count
 * tokens, write the record), which parts what measuring costs from what holding the record costs.
 */
export function hugeRecordRecipes(path: string): { label: string; recipe: string }[] {
  return [
    { label: 'every stage', recipe: writeRecipe('all', path, {}) },
    { label: 'read and export', recipe: writeRecipe('export', path, READ_AND_EXPORT) },
  ];
}

/** Every filter and dedup off: read, count tokens, write. */
const READ_AND_EXPORT = { filters: Object.fromEntries(['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe', 'length'].map((filter) => [filter, { enabled: false }])), dedup: { enabled: false } };

/** Writes the recipe `scale-huge-<name>` over the one source `path`, exporting at η = 0. */
function writeRecipe(name: string, path: string, extra: Record<string, unknown>): string {
  const recipe = join(benchDataDir(), `scale-huge-${name}.recipe.json`);
  const out = join(benchDataDir(), `scale-huge-${name}-out`, 'mix.jsonl');
  writeFileSync(recipe, JSON.stringify({ sources: [{ path, role: 'general', format: 'sharegpt' }], mix: { agentShare: 0 }, export: { format: 'sharegpt-jsonl', out }, ...extra }, null, 2));
  return recipe;
}

/**
 * The baseline: the `read and export` recipe over one small record of the same shape, the process
 * with its workers and nothing large in it. A huge record costs its peak over this one's.
 */
export function hugeBaselineRecipe(): string {
  const path = join(benchDataDir(), 'scale-huge-baseline.jsonl');
  writeFileSync(path, `${JSON.stringify({ id: 'small-0', conversations: [{ from: 'human', value: 'Write a short answer.' }, { from: 'gpt', value: 'record turn shard mixer' }] })}\n`);
  return writeRecipe('baseline', path, READ_AND_EXPORT);
}

/** The file's size in bytes. */
export function sizeOf(path: string): number {
  return statSync(path).size;
}

/** One process's peak resident set (VmHWM) and the highest resident set sampled in each stage it reported. */
export interface StagePeaks {
  peak: number;
  stages: Map<string, number>;
  exitCode: number;
}

/**
 * Runs `agentmix run <recipe>` with its progress bar on (the bar names the stage), sampling its
 * resident set every 5 ms: the process's peak and the highest sample of each stage.
 */
export function stagePeaks(cli: string, recipe: string): Promise<StagePeaks> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [cli, 'run', recipe], { stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, AGENTMIX_PROGRESS: '1' } });
    const stages = new Map<string, number>();
    let stage = 'start';
    let peak = 0;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      for (const match of chunk.matchAll(/\r([a-z]+) \[/g)) stage = match[1];
    });
    const timer = setInterval(() => {
      const sample = child.pid === undefined ? null : residentSet(child.pid);
      if (sample === null) return;
      peak = Math.max(peak, sample.peak);
      stages.set(stage, Math.max(stages.get(stage) ?? 0, sample.rss));
    }, 5);
    child.on('exit', (code) => {
      clearInterval(timer);
      done({ peak, stages, exitCode: code ?? -1 });
    });
  });
}

/** The huge record alone: the baseline, then each recipe, with the peak of each stage. */
async function runAlone(): Promise<void> {
  const cli = process.env.AGENTMIX_CLI ?? join(REPO_ROOT, 'bin', 'agentmix.mjs');
  const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GB`;
  const huge = await hugeRecordFile(100);
  const size = sizeOf(huge);
  console.log(`one record of ${(size / 1e6).toFixed(1)} MB, ${cli}; load average ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
  const baseline = (await stagePeaks(cli, hugeBaselineRecipe())).peak;
  console.log(`  baseline (one small record, read and export): peak ${gb(baseline)}`);
  for (const { label, recipe } of hugeRecordRecipes(huge)) {
    const measured = await stagePeaks(cli, recipe);
    const stages = [...measured.stages].map(([stage, rss]) => `${stage} ${gb(rss)}`).join(', ');
    console.log(`  ${label}: ${measured.exitCode === 0 ? 'ran' : `FAILED (exit ${measured.exitCode})`}; peak ${gb(measured.peak)} (${((measured.peak - baseline) / size).toFixed(1)}x the record over the baseline); by stage: ${stages}`);
  }
  console.log(`  load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

if (process.argv[1] !== undefined && import.meta.url === pathToFileURL(process.argv[1]).href) await runAlone();
