/**
 * Dedup benchmark (targets: MinHash + LSH + verification >= 20,000 docs/s on one thread and
 * >= 40,000 docs/s with two workers on a 50k-record, ~2.3 KB/record ShareGPT-like corpus; recall
 * >= 0.99 on planted pairs with Jaccard >= 0.8). Prints medians; never fails on time.
 *
 *   node bin/run-ts.mjs tests/bench/index.ts dedup      (BENCH_RUNS, BENCH_DEDUP_RECORDS)
 */
import { readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { deduplicate } from '../../shared/dedup/dedup';
import { createFeatureBuilder, extractFeatures, finishFeatures, mergeFeatures, type FeaturesInMemory } from '../../shared/dedup/features';
import { jaccard } from '../../shared/dedup/jaccard';
import { meanRecall } from '../../shared/dedup/lsh';
import { createMinHashParameters } from '../../shared/dedup/minhash';
import { createMinHashKernel } from '../../shared/dedup/minhash-wasm';
import { computeSignatures, recordShingleSet } from '../../shared/dedup/near';
import { dedupSettings, type DedupSettings } from '../../shared/dedup/settings';
import { appendWords, createWordBuffer } from '../../shared/text/words';
import { benchRuns, median, type BenchModule } from './bench-module';
import { addJsonlRecords, benchCorpus } from './dedup-corpus';
import type { DedupWorkerJob } from './dedup-worker';

/**
 * Milliseconds of `work`, median of `runs` runs, wall clock and process CPU time: on a shared
 * machine the CPU figure shows what the code does when it is not waiting for a core.
 */
function timeMedian(runs: number, work: () => void): { median: number; best: number; cpu: number; all: number[] } {
  const all: number[] = [];
  const cpus: number[] = [];
  for (let run = 0; run < runs; run++) {
    const cpu = process.cpuUsage();
    const started = performance.now();
    work();
    all.push(performance.now() - started);
    const used = process.cpuUsage(cpu);
    cpus.push((used.user + used.system) / 1000);
  }
  return { median: median(all), best: Math.min(...all), cpu: median(cpus), all };
}

/** Formats runs for the report. */
function runsText(all: number[]): string {
  return all.map((milliseconds) => (milliseconds / 1000).toFixed(2)).join(', ');
}

/** One thread, from the file: read, split lines, JSON.parse, tokenize, sign, LSH, verify, cluster. */
function dedupFromFile(path: string, settings: DedupSettings): Int32Array {
  const bytes = readFileSync(path);
  const builder = createFeatureBuilder(settings.near.shingle, 65_536);
  addJsonlRecords(builder, bytes);
  return deduplicate({ features: finishFeatures(builder) }, settings).assignment.duplicateOf;
}

/** Two line-aligned halves of a file, as byte ranges, with the records (lines) of each. */
function halves(path: string): { start: number; end: number; records: number }[] {
  const bytes = readFileSync(path);
  const middle = bytes.indexOf(10, bytes.length >> 1) + 1;
  const lines = (from: number, to: number): number => {
    let count = 0;
    for (let at = bytes.indexOf(10, from); at !== -1 && at < to; at = bytes.indexOf(10, at + 1)) count++;
    return count;
  };
  return [
    { start: 0, end: middle, records: lines(0, middle) },
    { start: middle, end: bytes.length, records: lines(middle, bytes.length) },
  ];
}

/** Sends a job to a worker and waits for its answer. */
function runJob(worker: Worker, job: DedupWorkerJob): Promise<{ features: FeaturesInMemory; milliseconds: number }> {
  return new Promise((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.postMessage(job);
  });
}

/** Two workers sign their halves in parallel into shared memory; the main thread merges, bands, verifies and clusters. */
async function dedupTwoWorkers(workers: Worker[], path: string, settings: DedupSettings): Promise<{ total: number; workers: number[]; merge: number; duplicateOf: Int32Array }> {
  const started = performance.now();
  const ranges = halves(path);
  const permutations = settings.near.permutations;
  const signatures = new Uint32Array(new SharedArrayBuffer((ranges[0].records + ranges[1].records) * permutations * 4));
  const parts = await Promise.all(
    workers.map((worker, index) =>
      runJob(worker, {
        path,
        start: ranges[index].start,
        end: ranges[index].end,
        shingle: settings.near.shingle,
        permutations,
        seed: settings.near.seed,
        signatures,
        first: index === 0 ? 0 : ranges[0].records,
      }),
    ),
  );
  const mergeStarted = performance.now();
  const features = mergeFeatures(parts.map((part) => part.features));
  const result = deduplicate({ features, signatures }, settings);
  const ended = performance.now();
  return { total: ended - started, workers: parts.map((part) => part.milliseconds), merge: ended - mergeStarted, duplicateOf: result.assignment.duplicateOf };
}

export const bench: BenchModule = {
  description: 'dedup: tokenizer, MinHash (WebAssembly SIMD vs JS), MinHash + LSH + verify docs/s on 1 thread and 2 workers, recall on planted pairs',
  async run() {
    const runs = benchRuns();
    const settings = dedupSettings.parse({});
    const { path, corpus } = benchCorpus();
    const size = statSync(path).size;
    const count = corpus.records.length;
    let characters = 0;
    for (const record of corpus.records) for (const turn of record) characters += turn.text.length;
    console.log(`  corpus: ${count} records, ${(size / 1e6).toFixed(1)} MB JSONL, ${(characters / count / 1000).toFixed(2)} K characters/record, ${corpus.pairs.length} planted copies; ${runs} runs, medians`);

    const words = createWordBuffer(8192);
    const tokenize = timeMedian(runs, () => {
      for (const record of corpus.records) {
        for (const turn of record) {
          words.count = 0;
          appendWords(words, turn.text);
        }
      }
    });
    console.log(`  tokenizer (words.ts)            ${(characters / 1e6 / (tokenize.median / 1000)).toFixed(0).padStart(6)} M characters/s`);

    const features = extractFeatures(corpus.records, settings.near.shingle);
    const parameters = createMinHashParameters(settings.near.permutations, settings.near.seed);
    const none = new Uint8Array(features.turnRoles.length);
    const sample = Math.min(count, 5000);
    const out = new Uint32Array(sample * settings.near.permutations);
    for (const [label, kernel] of [
      ['WebAssembly SIMD', createMinHashKernel(parameters)],
      ['plain JavaScript', createMinHashKernel(parameters, false)],
    ] as const) {
      const timing = timeMedian(runs, () => computeSignatures(features, none, kernel, 0, sample, out, 0));
      console.log(`  signature, ${label.padEnd(20)} ${((timing.median * 1000) / sample).toFixed(1).padStart(6)} µs/doc (${settings.near.permutations} permutations, ${(features.shingles.length / count).toFixed(0)} shingles/doc)`);
    }

    let clusters = 0;
    const memory = timeMedian(runs, () => {
      clusters = deduplicate({ features: extractFeatures(corpus.records, settings.near.shingle) }, settings).assignment.clusters.length;
    });
    console.log(
      `  1 thread, in memory             ${((count / memory.median) * 1000).toFixed(0).padStart(6)} docs/s  (best run ${((count / memory.best) * 1000).toFixed(0)}; ${((count / memory.cpu) * 1000).toFixed(0)} per CPU-second) tokenize + sign + LSH + verify + cluster (${runsText(memory.all)} s; ${clusters} clusters)`,
    );
    let oneThread: Int32Array = new Int32Array(0);
    const file = timeMedian(runs, () => {
      oneThread = dedupFromFile(path, settings);
    });
    console.log(`  1 thread, from JSONL            ${((count / file.median) * 1000).toFixed(0).padStart(6)} docs/s  (best run ${((count / file.best) * 1000).toFixed(0)}; ${((count / file.cpu) * 1000).toFixed(0)} per CPU-second) + read + JSON.parse (${runsText(file.all)} s)`);

    const workers = [0, 1].map(() => new Worker(new URL('./dedup-worker.mjs', import.meta.url)));
    try {
      await dedupTwoWorkers(workers, path, settings); // warm-up: tsx compiles the worker, V8 optimizes
      const timings: { total: number; workers: number[]; merge: number; duplicateOf: Int32Array }[] = [];
      for (let run = 0; run < runs; run++) timings.push(await dedupTwoWorkers(workers, path, settings));
      const total = median(timings.map((timing) => timing.total));
      const best = Math.min(...timings.map((timing) => timing.total));
      const merge = median(timings.map((timing) => timing.merge));
      console.log(
        `  2 workers, from JSONL           ${((count / total) * 1000).toFixed(0).padStart(6)} docs/s  (best run ${((count / best) * 1000).toFixed(0)}; ${runsText(timings.map((timing) => timing.total))} s; workers ${median(timings.map((timing) => Math.max(...timing.workers))).toFixed(0)} ms, merge + LSH + verify ${merge.toFixed(0)} ms; same verdicts as 1 thread: ${timings[0].duplicateOf.every((value, record) => value === oneThread[record]) ? 'yes' : 'NO'})`,
      );
    } finally {
      await Promise.all(workers.map((worker) => worker.terminate()));
    }

    // Recall and precision on the planted pairs, per banding.
    const similarity = (a: number, b: number): number => jaccard(recordShingleSet(features, none, a), recordShingleSet(features, none, b));
    const pairs = corpus.pairs.map(([a, b]) => ({ a, b, similarity: similarity(a, b) }));
    const above = pairs.filter((pair) => pair.similarity >= settings.near.threshold);
    console.log(`  planted pairs: ${above.length} with Jaccard >= ${settings.near.threshold} (min ${Math.min(...above.map((pair) => pair.similarity)).toFixed(3)}), ${pairs.length - above.length} below`);
    for (const banding of [undefined, { bands: 16, rows: 8 }, { bands: 9, rows: 13 }]) {
      const chosen = { ...settings, near: { ...settings.near, ...(banding ?? {}) } };
      const result = deduplicate({ features }, chosen);
      const { duplicateOf } = result.assignment;
      const found = above.filter((pair) => duplicateOf[pair.a] !== -1 || duplicateOf[pair.b] !== -1).length;
      let belowThreshold = 0;
      for (let record = 0; record < count; record++) if (duplicateOf[record] !== -1 && similarity(record, duplicateOf[record]) < settings.near.threshold) belowThreshold++;
      const { bands, rows } = result.banding;
      console.log(
        `  ${bands} x ${rows}${banding === undefined ? ' (default)' : ''}: recall ${(found / above.length).toFixed(4)} (${found}/${above.length}; curve mean over [0.8, 1]: ${meanRecall(0.8, bands, rows).toFixed(4)}), merged below threshold: ${belowThreshold}, candidates ${result.near?.candidatePairs}, rejected by verification ${result.near?.rejectedPairs}`,
      );
    }
  },
};

if (process.argv[1]?.endsWith('dedup.ts')) await bench.run();
