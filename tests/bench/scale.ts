/**
 * The scale benchmark (docs/scale.md, "Numbers"): from one run, on this machine,
 * - the 100k recipe (ShareGPT-like records made from the real data, 5% near duplicates, the
 *   AgentInstruct-style shards, the AgentBench evaluation sets, every stage on, an export at η = 0.2)
 *   as one `agentmix run` process: wall time, index vs measure time, the other stages, peak RSS;
 * - dedup only on the 50k corpus (every filter and leakage off, near dedup at 0.8) as one process,
 *   against datasketch's MinHash + MinHashLSH on the same file when DATASKETCH_DIR names a checkout;
 * - recall by Jaccard bucket of the planted near duplicates, with the candidates and verification
 *   time the banding costs (the default, chosen at the threshold, beside 18 x 7);
 * - one record of 100 MB (a single JSONL line) through `agentmix run`: peak RSS against its size;
 * - the same recipe over 1,000,000 records (2.4 GB): time per stage and peak RSS (BENCH_SCALE_MILLION=0 skips it);
 * - shard-merge equality, once `run --shard I/N` and `merge` exist (docs/scale.md, "Shards").
 * It runs the compiled command line (`npm run build` first) and never fails on time.
 *
 *   npm run bench -- scale        (BENCH_SCALE_RECORDS=100000, BENCH_SCALE_MILLION=1, DATASKETCH_DIR)
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { deduplicate } from '../../shared/dedup/dedup';
import { createFeatureBuilder, finishFeatures } from '../../shared/dedup/features';
import { jaccard } from '../../shared/dedup/jaccard';
import { candidateProbability, computeBandKeys } from '../../shared/dedup/lsh';
import { createMinHashParameters } from '../../shared/dedup/minhash';
import { createMinHashKernel } from '../../shared/dedup/minhash-wasm';
import { computeSignatures, recordShingleSet } from '../../shared/dedup/near';
import { dedupSettings } from '../../shared/dedup/settings';
import { dataFile, HAVE_SHARED_DATA, NO_SHARED_DATA, REPO_ROOT } from '../helpers/data';
import { agentBenchEvalSets } from '../unit/electron/engine/pipeline/planted-corpus';
import { benchDataDir, type BenchModule } from './bench-module';
import { addJsonlRecords } from './dedup-corpus';
import { scaleCorpus, type ScaleCorpus } from './scale-corpus';
import { hugeBaselineRecipe, hugeRecordFile, hugeRecordRecipes, sizeOf } from './scale-huge';
import { PINNED_ENV, shardMergeEquality } from './scale-shards';

const CLI = join(REPO_ROOT, 'bin', 'agentmix.mjs');
const RECORDS = Number(process.env.BENCH_SCALE_RECORDS ?? 100_000);
const DEDUP_RECORDS = 50_000;

/** The AgentInstruct-style shards of ../shared/data (the six task samples and the WebShop trajectories). */
function agentSources(): { path: string; role: 'agent' }[] {
  const tasks = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'].map((task) => ({ path: dataFile('agentinstruct-adp-samples', `agenttuning_${task}`, 'sample_raw.json'), role: 'agent' as const }));
  return [...tasks, { path: dataFile('webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json'), role: 'agent' }];
}

/** Writes a recipe next to the corpus and returns its path. */
function writeRecipe(name: string, recipe: Record<string, unknown>): string {
  const path = join(benchDataDir(), `${name}.recipe.json`);
  writeFileSync(path, JSON.stringify(recipe, null, 2));
  return path;
}

/** The whole recipe over a corpus: every stage on, the export at η = 0.2. */
function fullRecipe(corpus: ScaleCorpus, name: string): string {
  return writeRecipe(name, {
    sources: [...agentSources(), { path: corpus.path, role: 'general', format: 'sharegpt' }],
    evalSets: agentBenchEvalSets(),
    mix: { agentShare: 0.2, seed: 42 },
    export: { format: 'sharegpt-jsonl', out: join(benchDataDir(), `${name}-out`, 'mix.jsonl') },
  });
}

/** Dedup only: every filter and leakage off, near dedup at 0.8. */
function dedupRecipe(corpus: ScaleCorpus): string {
  const off = Object.fromEntries(['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe', 'length'].map((filter) => [filter, { enabled: false }]));
  return writeRecipe('scale-dedup', { sources: [{ path: corpus.path, role: 'general', format: 'sharegpt' }], filters: off, leakage: { enabled: false }, dedup: { near: { threshold: 0.8 }, keep: ['longest'] } });
}

/** One `agentmix` process: wall seconds, peak RSS (GNU time's maximum resident set), the stage times it printed. */
interface Measured {
  seconds: number;
  peakRss: number;
  stages: Record<string, number>;
  exitCode: number;
  stderr: string;
}

/** Runs `agentmix <args>` under /usr/bin/time and reads its figures. */
function agentmix(args: string[]): Measured {
  const started = performance.now();
  const child = spawnSync('/usr/bin/time', ['-f', 'peak-rss-kb %M', process.execPath, CLI, ...args], { encoding: 'utf8', maxBuffer: 1 << 28, env: PINNED_ENV });
  const seconds = (performance.now() - started) / 1000;
  const peak = /peak-rss-kb (\d+)/.exec(child.stderr ?? '');
  const stages: Record<string, number> = {};
  const line = /^time\s+(.*)$/m.exec(child.stdout ?? '');
  for (const part of line?.[1].split(', ') ?? []) {
    const match = /^(.*) ([\d.]+) s$/.exec(part);
    if (match !== null) stages[match[1]] = Number(match[2]);
  }
  return { seconds, peakRss: peak === null ? Number.NaN : Number(peak[1]) * 1024, stages, exitCode: child.status ?? -1, stderr: (child.stderr ?? '').slice(-2000) };
}

function gigabytes(bytes: number): string {
  return `${(bytes / 2 ** 30).toFixed(2)} GB`;
}

function stageList(stages: Record<string, number>): string {
  return Object.entries(stages)
    .map(([stage, seconds]) => `${stage} ${seconds.toFixed(2)} s`)
    .join(', ');
}

/** The whole recipe as one process (`extra`: more arguments of `agentmix run`). */
function runFull(corpus: ScaleCorpus, label: string, extra: string[] = []): Measured {
  const recipe = fullRecipe(corpus, `scale-full-${corpus.records}`);
  const measured = agentmix(['run', recipe, ...extra]);
  const { index = Number.NaN, measure = Number.NaN } = measured.stages;
  console.log(
    `  ${label}: ${measured.exitCode === 0 ? 'ran to its export' : `FAILED (exit ${measured.exitCode}): ${measured.stderr.trim().split('\n').at(-2) ?? ''}`} in ${measured.seconds.toFixed(1)} s; ` +
      `index ${index.toFixed(2)} s, measure ${measure.toFixed(2)} s (measure/index ${(measure / index).toFixed(1)}x); peak RSS ${gigabytes(measured.peakRss)}`,
  );
  console.log(`    stages: ${stageList(measured.stages)}`);
  return measured;
}

/** datasketch's MinHash (128 permutations, word 5-grams) and MinHashLSH at 0.8 over the same file, compute time only. */
function datasketchSeconds(path: string): number | null {
  const checkout = process.env.DATASKETCH_DIR;
  if (checkout === undefined || !existsSync(checkout)) return null;
  const script = String.raw`
import json, sys, time
sys.path.insert(0, sys.argv[1])
from datasketch import MinHash, MinHashLSH
records = [json.loads(line) for line in open(sys.argv[2], encoding='utf8')]
started = time.perf_counter()
lsh = MinHashLSH(threshold=0.8, num_perm=128)
for index, record in enumerate(records):
    words = ' '.join(turn['value'] for turn in record['conversations']).lower().split()
    minhash = MinHash(num_perm=128)
    minhash.update_batch([' '.join(words[i:i + 5]).encode('utf8') for i in range(max(1, len(words) - 4))])
    lsh.query(minhash)
    lsh.insert(index, minhash)
print(time.perf_counter() - started)
`;
  const output = execFileSync('python3', ['-c', script, checkout, path], { encoding: 'utf8', maxBuffer: 1 << 24 });
  return Number(output.trim().split('\n').at(-1));
}

/**
 * Recall of the planted pairs by Jaccard bucket, for the default banding and 18 x 7: the share that
 * LSH makes candidates (one band of the two signatures agrees: what the banding decides), and the
 * share dedup finds (the copy or its original dropped as a duplicate, after verification and the
 * chaining guard); with the candidates and the verification time each banding costs.
 */
export function recallByBucket(corpus: ScaleCorpus): void {
  const builder = createFeatureBuilder(5, corpus.records);
  addJsonlRecords(builder, readFileSync(corpus.path));
  const features = finishFeatures(builder);
  const none = new Uint8Array(features.turnRoles.length);
  const edges = [0.7, 0.75, 0.8, 0.85, 0.9, 0.95, 1.0001];
  const pairs = corpus.pairs.map(([original, copy]) => ({ original, copy, similarity: jaccard(recordShingleSet(features, none, original), recordShingleSet(features, none, copy)) }));
  const settings = dedupSettings.parse({ templates: { enabled: false }, keep: ['longest'] });
  const kernel = createMinHashKernel(createMinHashParameters(settings.near.permutations, settings.near.seed));
  const permutations = settings.near.permutations;
  const signatures = new Uint32Array(features.recordCount * permutations);
  computeSignatures(features, none, kernel, 0, features.recordCount, signatures, 0);
  for (const banding of [undefined, { bands: 18, rows: 7 }]) {
    const chosen = { ...settings, near: { ...settings.near, ...(banding ?? {}) } };
    const started = performance.now();
    const result = deduplicate({ features, clock: () => performance.now() }, chosen);
    const seconds = (performance.now() - started) / 1000;
    const { duplicateOf } = result.assignment;
    const { bands, rows } = result.banding;
    const keys = new Uint32Array(features.recordCount * bands);
    computeBandKeys(signatures, 0, features.recordCount, permutations, result.banding, keys);
    const candidate = (first: number, second: number): boolean => {
      for (let band = 0; band < bands; band++) if (keys[first * bands + band] === keys[second * bands + band]) return true;
      return false;
    };
    const parts: string[] = [];
    for (let bucket = 0; bucket + 1 < edges.length; bucket++) {
      const inBucket = pairs.filter((pair) => pair.similarity >= edges[bucket] && pair.similarity < edges[bucket + 1]);
      const candidates = inBucket.filter((pair) => candidate(pair.original, pair.copy)).length;
      const found = inBucket.filter((pair) => duplicateOf[pair.copy] !== -1 || duplicateOf[pair.original] !== -1).length;
      const share = (count: number): string => (inBucket.length === 0 ? '-' : (count / inBucket.length).toFixed(3));
      parts.push(`[${edges[bucket].toFixed(2)}, ${Math.min(1, edges[bucket + 1]).toFixed(2)}${bucket + 2 === edges.length ? ']' : ')'} ${share(candidates)} / ${share(found)} of ${inBucket.length}`);
    }
    console.log(
      `  ${bands} x ${rows}${banding === undefined ? ` (default: chosen at the threshold, P(0.8) = ${candidateProbability(0.8, bands, rows).toFixed(4)})` : ` (the old default, chosen for the mean over [0.8, 1]; P(0.8) = ${candidateProbability(0.8, bands, rows).toFixed(4)})`}: ` +
        `${result.near?.candidatePairs.toLocaleString('en-US')} candidate pairs (${result.near?.rejectedPairs.toLocaleString('en-US')} rejected by verification), verification ${((result.near?.verifyMilliseconds ?? 0) / 1000).toFixed(2)} s, dedup ${seconds.toFixed(2)} s`,
    );
    console.log(`    recall by Jaccard bucket, LSH candidates / found by dedup: ${parts.join('; ')}`);
  }
}

async function run(): Promise<void> {
  if (!existsSync(join(REPO_ROOT, 'out', 'engine', 'cli.mjs'))) {
    console.log('  skipped: the compiled command line (out/engine/cli.mjs) is missing; run `npm run build` first');
    return;
  }
  if (!HAVE_SHARED_DATA) {
    console.log(`  skipped: ${NO_SHARED_DATA} (the corpus is made of its sentences, the recipe reads its shards)`);
    return;
  }
  console.log(`  machine: ${cpus().length} cores, load average ${loadavg().map((value) => value.toFixed(2)).join(' ')} at the start`);

  const corpus = await scaleCorpus(RECORDS);
  console.log(`== the ${RECORDS.toLocaleString('en-US')}-record recipe (ShareGPT-like, ${corpus.pairs.length.toLocaleString('en-US')} near duplicates, AgentInstruct-style shards, AgentBench sets, export at η = 0.2)`);
  const verdicts = join(benchDataDir(), `scale-full-${RECORDS}.verdicts.jsonl`);
  const single = runFull(corpus, `${RECORDS.toLocaleString('en-US')} records`, ['--verdicts', verdicts]);
  if (single.exitCode === 0) await shardMergeEquality(fullRecipe(corpus, `scale-full-${corpus.records}`), join(benchDataDir(), `scale-full-${corpus.records}-out`), verdicts, single.seconds);

  const dedupCorpus = await scaleCorpus(DEDUP_RECORDS);
  console.log(`== dedup only on ${DEDUP_RECORDS.toLocaleString('en-US')} records (every filter and leakage off, near dedup at 0.8)`);
  const dedup = agentmix(['run', dedupRecipe(dedupCorpus)]);
  const reference = datasketchSeconds(dedupCorpus.path);
  console.log(
    `  agentmix run, whole process: ${dedup.seconds.toFixed(2)} s (${Math.round(DEDUP_RECORDS / dedup.seconds).toLocaleString('en-US')} docs/s; ${stageList(dedup.stages)}); ` +
      (reference === null ? 'datasketch: not measured (set DATASKETCH_DIR to a checkout)' : `datasketch MinHash + MinHashLSH compute ${reference.toFixed(2)} s: ${(reference / dedup.seconds).toFixed(1)}x`),
  );

  console.log(`== recall by Jaccard bucket on the ${dedupCorpus.pairs.length.toLocaleString('en-US')} planted near duplicates of the ${DEDUP_RECORDS.toLocaleString('en-US')}-record corpus`);
  recallByBucket(dedupCorpus);

  const huge = await hugeRecordFile(100);
  const baseline = agentmix(['run', hugeBaselineRecipe()]).peakRss;
  console.log(`== one record of ${(sizeOf(huge) / 1e6).toFixed(1)} MB (one JSONL line), agentmix run; baseline (one small record, read and export) peak RSS ${gigabytes(baseline)}`);
  for (const { label, recipe } of hugeRecordRecipes(huge)) {
    const measured = agentmix(['run', recipe]);
    console.log(
      `  ${label}: ${measured.exitCode === 0 ? 'ran' : `FAILED (exit ${measured.exitCode})`} in ${measured.seconds.toFixed(1)} s; peak RSS ${gigabytes(measured.peakRss)} (${(measured.peakRss / sizeOf(huge)).toFixed(1)}x the record; ${((measured.peakRss - baseline) / sizeOf(huge)).toFixed(1)}x over the baseline); ${stageList(measured.stages)}`,
    );
  }

  if (process.env.BENCH_SCALE_MILLION !== '0') {
    const million = await scaleCorpus(1_000_000);
    console.log('== the same recipe over 1,000,000 records');
    runFull(million, '1,000,000 records');
  }

  console.log(`  load average at the end: ${loadavg().map((value) => value.toFixed(2)).join(' ')}`);
}

/** The scale benchmark module. */
export const bench: BenchModule = {
  description: 'scale: the 100k recipe (index vs measure, peak RSS), dedup only vs datasketch, recall by Jaccard bucket, one 100 MB record, the 1M-record recipe, the 100k recipe as 2 shards and a merge against the single run',
  run,
};
