import { execFileSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { availableParallelism, loadavg } from 'node:os';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { benchMegabytes, benchRuns, median, type BenchModule } from './bench-module';
import { benchFile } from './ingest-data';

interface RunFigures {
  seconds: number;
  cpuSeconds: number;
  records: number;
  peakRssBytes: number;
  indexBytes: number;
  previewBytes: number;
}

/** Runs one stage in a fresh process. */
function runOnce(path: string, stage: string): RunFigures {
  const output = execFileSync(process.execPath, [join(REPO_ROOT, 'bin/run-ts.mjs'), join(REPO_ROOT, 'tests/bench/ingest-run.ts'), path, stage], { encoding: 'utf8', maxBuffer: 1 << 20 });
  return JSON.parse(output.trim().split('\n').pop() as string) as RunFigures;
}

/** Ingest of a generated ShareGPT-like JSON array and JSONL file (targets ≥300 MB/s each, peak RSS < 1 GB; docs/ingest.md). */
export const bench: BenchModule = {
  description: 'ingest: read + sha256 + scan + worker parse/validate/summarize into the record index (BENCH_MB, BENCH_RUNS, BENCH_WORKERS, BENCH_CHUNK_MB)',
  async run() {
    const megabytes = benchMegabytes();
    const runs = benchRuns();
    console.log(`  ${runs} runs per figure, medians; the machine is shared, so wall times are noisy: CPU seconds (all threads) say more about the code`);
    console.log(`  load average now: ${loadavg().map((load) => load.toFixed(1)).join(', ')} on ${availableParallelism()} cores`);
    for (const layout of ['array', 'jsonl'] as const) {
      const path = await benchFile(megabytes, layout);
      const size = statSync(path).size;
      console.log(`  ${layout}: ${path} (${(size / 1e6).toFixed(0)} MB)`);
      for (const stage of ['read', 'hash', 'scan', 'ingest', 'warm']) {
        const figures = Array.from({ length: runs }, () => runOnce(path, stage));
        const seconds = median(figures.map((figure) => figure.seconds));
        const cpuSeconds = median(figures.map((figure) => figure.cpuSeconds));
        const records = figures[0].records;
        const rss = Math.max(...figures.map((figure) => figure.peakRssBytes));
        let line = `    ${stage.padEnd(6)} ${(size / 1e6 / seconds).toFixed(0).padStart(5)} MB/s  ${(records / seconds).toFixed(0).padStart(8)} records/s  ${seconds.toFixed(2)} s (runs: ${figures.map((figure) => figure.seconds.toFixed(2)).join(', ')})  CPU ${cpuSeconds.toFixed(2)} s = ${(size / 1e6 / cpuSeconds).toFixed(0)} MB per CPU-second  peak RSS ${(rss / 2 ** 20).toFixed(0)} MiB`;
        if (stage === 'warm') {
          const figure = figures[0];
          line += `\n           ${records} records; index ${((figure.indexBytes - figure.previewBytes) / records).toFixed(0)} B/record (typed columns at capacity, id strings, id table) + previews ${(figure.previewBytes / records).toFixed(0)} B/record`;
        }
        console.log(line);
      }
    }
  },
};
