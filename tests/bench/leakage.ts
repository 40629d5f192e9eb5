/**
 * Leakage benchmark (target: >= 70 MB/s per thread of scanned text): the AgentBench test
 * sets (os, db, kg, WebShop goals 0-499) indexed as 13-grams plus whole short items, and the 50k
 * ShareGPT-like bench corpus scanned turn by turn (tokenize + n-gram lookups + evidence), with
 * evaluation items planted into some records to report what is caught. Medians; never fails on time.
 *
 *   node bin/run-ts.mjs tests/bench/index.ts leakage      (BENCH_RUNS, BENCH_DEDUP_RECORDS)
 */
import { readFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { AGENTBENCH_EVAL_SETS, loadEvalSets } from '../../electron/engine/eval-sets';
import type { TextTurn } from '../../shared/dedup/features';
import { buildNgramIndex } from '../../shared/leakage/ngram-index';
import { createLeakageScanner, isLeaked, scanRecord } from '../../shared/leakage/scan';
import { leakageSettings } from '../../shared/leakage/settings';
import { DATA_DIR } from '../helpers/data';
import { benchRuns, median, type BenchModule } from './bench-module';
import { benchCorpus } from './dedup-corpus';
import type { LeakageWorkerJob } from './leakage-worker';

/** Wall and CPU milliseconds of `work`. */
function measure(work: () => void): { wall: number; cpu: number } {
  const cpu = process.cpuUsage();
  const started = performance.now();
  work();
  const used = process.cpuUsage(cpu);
  return { wall: performance.now() - started, cpu: (used.user + used.system) / 1000 };
}

export const bench: BenchModule = {
  description: 'leakage: AgentBench n-gram index build, MB/s of scanned training text per thread, planted items caught',
  async run() {
    const runs = benchRuns();
    const { path, corpus } = benchCorpus();
    const settings = leakageSettings.parse({});
    const sets = await loadEvalSets(AGENTBENCH_EVAL_SETS, DATA_DIR);
    const items = sets.flatMap((set) => set.items);
    let index = buildNgramIndex(items, { ngram: settings.ngram, maxItemsPerNgram: settings.maxItemsPerNgram, minItemWords: settings.minItemWords });
    const build = median(
      Array.from({ length: runs }, () => {
        const started = performance.now();
        index = buildNgramIndex(items, { ngram: settings.ngram, maxItemsPerNgram: settings.maxItemsPerNgram, minItemWords: settings.minItemWords });
        return performance.now() - started;
      }),
    );
    console.log(
      `  index: ${items.length} items (${sets.map((set) => `${set.name} ${set.items.length}`).join(', ')}), ${index.keyCount} keys, ${index.ignoredKeys} too common, ${index.skippedItems} too short; built in ${build.toFixed(1)} ms; table ${index.capacity} slots`,
    );

    // Plant an evaluation item into the first user turn of every 250th record (long and short items alike).
    const records: TextTurn[][] = corpus.records.map((turns) => turns);
    const planted = new Map<number, number>();
    let itemCursor = 0;
    for (let record = 0; record < records.length; record += 250) {
      const item = (itemCursor++ * 37) % items.length;
      const turns = records[record].map((turn) => ({ ...turn }));
      turns[0] = { role: turns[0].role, text: `${turns[0].text}\n${items[item].text}\n${turns[0].text.slice(0, 200)}` };
      records[record] = turns;
      planted.set(record, item);
    }
    let bytes = 0;
    for (const turns of records) for (const turn of turns) bytes += Buffer.byteLength(turn.text, 'utf8');

    const scanner = createLeakageScanner(index);
    let caught = 0;
    let falseFlags = 0;
    const timings = Array.from({ length: runs }, () =>
      measure(() => {
        caught = 0;
        falseFlags = 0;
        for (let record = 0; record < records.length; record++) {
          const verdict = scanRecord(scanner, records[record]);
          if (!isLeaked(verdict, settings.threshold, settings.minItemCoverage)) continue;
          if (planted.has(record)) caught++;
          else falseFlags++;
        }
      }),
    );
    const wall = median(timings.map((timing) => timing.wall));
    const best = Math.min(...timings.map((timing) => timing.wall));
    const cpu = median(timings.map((timing) => timing.cpu));
    console.log(
      `  scan, 1 thread: ${(bytes / 1e6 / (wall / 1000)).toFixed(0)} MB/s wall (best run ${(bytes / 1e6 / (best / 1000)).toFixed(0)}), ${(bytes / 1e6 / (cpu / 1000)).toFixed(0)} MB/s per CPU-second (${(bytes / 1e6).toFixed(0)} MB, ${records.length} records; runs ${timings.map((timing) => (timing.wall / 1000).toFixed(2)).join(', ')} s)`,
    );
    console.log(`  planted items caught: ${caught}/${planted.size}; clean records flagged: ${falseFlags}`);

    // Two workers share the index (SharedArrayBuffer) and scan the two halves of the JSONL corpus
    // (read + JSON.parse + scan), to show the table is shared, not copied.
    const file = readFileSync(path);
    const middle = file.indexOf(10, file.length >> 1) + 1;
    const ranges = [
      [0, middle],
      [middle, file.length],
    ];
    const workers = [0, 1].map(() => new Worker(new URL('./leakage-worker.mjs', import.meta.url)));
    try {
      const runJobs = async (): Promise<{ wall: number; bytes: number; flagged: number; shared: boolean }> => {
        const started = performance.now();
        const answers = await Promise.all(
          workers.map(
            (worker, part) =>
              new Promise<{ flagged: number; scannedBytes: number; shared: boolean }>((resolve, reject) => {
                worker.once('message', resolve);
                worker.once('error', reject);
                const job: LeakageWorkerJob = { index, path, start: ranges[part][0], end: ranges[part][1], threshold: settings.threshold, minItemCoverage: settings.minItemCoverage };
                worker.postMessage(job);
              }),
          ),
        );
        return {
          wall: performance.now() - started,
          bytes: answers.reduce((total, answer) => total + answer.scannedBytes, 0),
          flagged: answers.reduce((total, answer) => total + answer.flagged, 0),
          shared: answers.every((answer) => answer.shared),
        };
      };
      await runJobs(); // warm-up
      const results = [];
      for (let run = 0; run < runs; run++) results.push(await runJobs());
      const wallTwo = median(results.map((result) => result.wall));
      const bestTwo = Math.min(...results.map((result) => result.wall));
      console.log(
        `  scan, 2 workers from JSONL (+ read + JSON.parse): ${(results[0].bytes / 1e6 / (wallTwo / 1000)).toFixed(0)} MB/s wall in all (best run ${(results[0].bytes / 1e6 / (bestTwo / 1000)).toFixed(0)}); index shared: ${results[0].shared}; flagged in the unplanted file: ${results[0].flagged}`,
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }
  },
};

if (process.argv[1]?.endsWith('leakage.ts')) await bench.run();
