/**
 * The shard-merge line of the scale bench (docs/scale.md, "Shards"): the recipe the single run just
 * ran, as N shards (`agentmix run --shard I/N --partial DIR`, N processes at once) and a merge
 * (`agentmix merge`), compared byte for byte with the single run's verdicts and export (every run
 * pins the manifests' `time` with SOURCE_DATE_EPOCH), with the wall time and peak RSS of each process. On one machine the
 * shards share its cores: the figures show the cost of splitting, not the speed-up of more machines.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';

const CLI = join(REPO_ROOT, 'bin', 'agentmix.mjs');
/** Every run's manifest `time` pinned (SOURCE_DATE_EPOCH), so that whole manifests compare. */
export const PINNED_ENV = { ...process.env, SOURCE_DATE_EPOCH: '1767225600' };

/** One process: wall seconds, peak RSS (GNU time), exit code, the end of stderr. */
interface Timed {
  seconds: number;
  peakRss: number;
  exitCode: number;
  stderr: string;
}

/** Runs `agentmix <args>` under /usr/bin/time without blocking (shards run at once). */
function timed(args: string[]): Promise<Timed> {
  const started = performance.now();
  return new Promise((resolve) => {
    const child = spawn('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, CLI, ...args], { stdio: ['ignore', 'ignore', 'pipe'], env: PINNED_ENV });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr = (stderr + chunk).slice(-4000)));
    child.on('close', (code) => {
      const peak = /peak-rss-kb (\d+)/.exec(stderr);
      resolve({ seconds: (performance.now() - started) / 1000, peakRss: peak === null ? Number.NaN : Number(peak[1]) * 1024, exitCode: code ?? -1, stderr });
    });
  });
}

/** The export files of a folder, with their bytes. */
function exportFiles(folder: string): Map<string, string> {
  return new Map(readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name), 'utf8')]));
}

const gb = (bytes: number): string => `${(bytes / 2 ** 30).toFixed(2)} GB`;

/**
 * Runs `recipe` as `shards` shards and a merge and prints whether verdicts and export equal those
 * of the single run, which wrote `singleVerdicts` and its export into `outFolder` in `singleSeconds`.
 */
export async function shardMergeEquality(recipe: string, outFolder: string, singleVerdicts: string, singleSeconds: number, shards = 2): Promise<void> {
  console.log(`== shard-merge equality: the same recipe as ${shards} shards (${shards} processes at once on this machine) and a merge, against the single run`);
  const singleOut = `${outFolder}-single`;
  const partial = `${outFolder}-partials`;
  rmSync(singleOut, { recursive: true, force: true });
  rmSync(partial, { recursive: true, force: true });
  renameSync(outFolder, singleOut);
  const started = performance.now();
  const shardRuns = await Promise.all(Array.from({ length: shards }, (_, index) => timed(['run', recipe, '--shard', `${index}/${shards}`, '--partial', partial])));
  const shardWall = (performance.now() - started) / 1000;
  const failed = shardRuns.findIndex((shard) => shard.exitCode !== 0);
  if (failed >= 0) {
    console.log(`  shard ${failed}/${shards} FAILED: ${shardRuns[failed].stderr.trim().split('\n').at(-2) ?? ''}`);
    return;
  }
  const mergedVerdicts = `${singleVerdicts}.merged`;
  const merge = await timed(['merge', recipe, partial, '--verdicts', mergedVerdicts]);
  if (merge.exitCode !== 0 || !existsSync(outFolder)) {
    console.log(`  merge FAILED: ${merge.stderr.trim().split('\n').at(-2) ?? ''}`);
    return;
  }
  const verdictsEqual = readFileSync(mergedVerdicts).equals(readFileSync(singleVerdicts));
  const single = exportFiles(singleOut);
  const merged = exportFiles(outFolder);
  const differing = [...new Set([...single.keys(), ...merged.keys()])].filter((name) => single.get(name) !== merged.get(name));
  console.log(`  verdicts: ${verdictsEqual ? 'equal' : 'NOT EQUAL'} (${readFileSync(singleVerdicts, 'utf8').split('\n').length - 1} lines); export: ${differing.length === 0 ? `equal (${[...single.keys()].join(', ')}, byte for byte, the manifest too)` : `NOT EQUAL: ${differing.join(', ')}`}`);
  console.log(
    `  wall: shards ${shardRuns.map((shard, index) => `${index}: ${shard.seconds.toFixed(1)} s`).join(', ')} (all at once ${shardWall.toFixed(1)} s), merge ${merge.seconds.toFixed(1)} s; ` +
      `shards + merge ${(shardWall + merge.seconds).toFixed(1)} s against the single run's ${singleSeconds.toFixed(1)} s (${((shardWall + merge.seconds) / singleSeconds).toFixed(2)}x)`,
  );
  console.log(`  peak RSS: shards ${shardRuns.map((shard) => gb(shard.peakRss)).join(', ')}, merge ${gb(merge.peakRss)}`);
  const sizes = readdirSync(partial).map((name) => `${name} ${(readFileSync(join(partial, name)).length / 1e6).toFixed(1)} MB`);
  console.log(`  partials: ${sizes.join(', ')}`);
  rmSync(partial, { recursive: true, force: true });
  rmSync(singleOut, { recursive: true, force: true });
}
