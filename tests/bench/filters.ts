/**
 * Filter benchmark (docs/filters.md; thresholds move live on 100k records). Prints
 * medians; never fails on time.
 * - Llama-2 token counting in MB/s on the text of every real record of ../shared/data:
 *   llama-tokenizer-js itself, then shared/text/llama-tokens.ts with a cold and a warm cache.
 * - Each filter's measure() in records/s on the real records (agent, FireAct and general), first
 *   once with cold caches, then replicated to BENCH_FILTER_RECORDS records (default 20,000).
 * - judge() of all seven filters over 100,000 stored measurements: what a threshold move costs.
 *
 *   node bin/run-ts.mjs tests/bench/index.ts filters      (BENCH_RUNS, BENCH_FILTER_RECORDS)
 */
import { FILTER_NAMES, filterSettings, judgeAll, judgeFilter, measureAll, measureFilter, type FilterSettings, type Measurements } from '../../shared/filters/index';
import type { FilterName } from '../../shared/filters/types';
import { clearTokenCache, countTokens, countTokensReference } from '../../shared/text/llama-tokens';
import { agentRecords, fireactRecords, generalRecords, type RealRecord } from '../unit/shared/filters/real-data';
import { benchRuns, median, type BenchModule } from './bench-module';

/** Records to replicate the real ones to: env `BENCH_FILTER_RECORDS`, default 20,000. */
function benchRecords(): number {
  const value = Number(process.env.BENCH_FILTER_RECORDS ?? 20_000);
  return Number.isInteger(value) && value > 0 ? value : 20_000;
}

/** Milliseconds of `work` in each of `runs` runs, `prepare` untimed before each. */
function timeRuns(runs: number, work: () => void, prepare: () => void = () => {}): number[] {
  const all: number[] = [];
  for (let run = 0; run < runs; run++) {
    prepare();
    const started = performance.now();
    work();
    all.push(performance.now() - started);
  }
  return all;
}

/** UTF-8 megabytes of some texts. */
function megabytes(texts: readonly string[]): number {
  return texts.reduce((sum, text) => sum + Buffer.byteLength(text), 0) / 1e6;
}

/** "12.3 MB/s (runs: 1.20, 1.31 s)". */
function rate(amount: number, unit: string, runs: number[]): string {
  const seconds = median(runs) / 1000;
  const figure = amount / seconds;
  const shown = figure >= 100 ? Math.round(figure).toLocaleString('en-US') : figure.toFixed(2);
  return `${shown} ${unit}/s (median of ${runs.length}: ${runs.map((milliseconds) => (milliseconds / 1000).toFixed(3)).join(', ')} s)`;
}

/** Measures one filter on every record. */
function measureEach(name: FilterName, records: readonly RealRecord[], settings: FilterSettings): void {
  for (const record of records) measureFilter(name, record.conversation, record.context, settings);
}

/** Token counting: the reference package, then ours cold and warm. */
function benchTokenizer(texts: readonly string[], runs: number): void {
  const size = megabytes(texts);
  console.log(`tokenizer: ${texts.length.toLocaleString('en-US')} distinct turn texts, ${size.toFixed(2)} MB`);
  const reference = timeRuns(runs, () => {
    for (const text of texts) countTokensReference(text);
  });
  const cold = timeRuns(runs, () => {
    for (const text of texts) countTokens(text);
  }, clearTokenCache);
  const warm = timeRuns(runs, () => {
    for (const text of texts) countTokens(text);
  });
  console.log(`  llama-tokenizer-js          ${rate(size, 'MB', reference)}`);
  console.log(`  llama-tokens, cold cache    ${rate(size, 'MB', cold)}`);
  console.log(`  llama-tokens, warm cache    ${rate(size, 'MB', warm)}`);
  console.log(`  speed-up: ${(median(reference) / median(cold)).toFixed(1)}x cold, ${(median(reference) / median(warm)).toFixed(1)}x warm`);
}

/** Each filter's measure(), cold on the distinct records, then on the replicated set. */
function benchMeasure(records: readonly RealRecord[], replicated: readonly RealRecord[], settings: FilterSettings, runs: number): void {
  const size = megabytes(records.flatMap((record) => record.conversation.turns.map((turn) => turn.text)));
  console.log(`measure(): ${records.length.toLocaleString('en-US')} real records (${size.toFixed(2)} MB), then replicated to ${replicated.length.toLocaleString('en-US')}`);
  for (const name of FILTER_NAMES) {
    const cold = timeRuns(runs, () => measureEach(name, records, settings), clearTokenCache);
    const warm = timeRuns(runs, () => measureEach(name, replicated, settings));
    console.log(`  ${name.padEnd(11)} cold ${rate(records.length, 'records', cold)}; replicated ${rate(replicated.length, 'records', warm)}`);
  }
  const all = timeRuns(runs, () => {
    for (const record of replicated) measureAll(record.conversation, record.context, settings);
  });
  const replicatedSize = (size * replicated.length) / records.length;
  console.log(`  all seven   ${rate(replicated.length, 'records', all)}, ${rate(replicatedSize, 'MB', all)}`);
}

/** judge() over 100,000 stored measurements: the cost of a threshold move in the UI. */
function benchJudge(records: readonly RealRecord[], settings: FilterSettings, runs: number): void {
  const count = 100_000;
  const measured: { measurements: Measurements; context: RealRecord['context'] }[] = records.map((record) => ({
    measurements: measureAll(record.conversation, record.context, settings),
    context: record.context,
  }));
  const moved = filterSettings.parse({ reward: { minimum: 0.5 }, length: { maxTokens: 2048 }, repetition: { loopRepeats: 2 } });
  let dropped = 0;
  const all = timeRuns(runs, () => {
    dropped = 0;
    for (let index = 0; index < count; index++) {
      const item = measured[index % measured.length];
      if (judgeAll(item.measurements, item.context, moved).outcome.decision === 'drop') dropped++;
    }
  });
  const one = timeRuns(runs, () => {
    for (let index = 0; index < count; index++) {
      const item = measured[index % measured.length];
      judgeFilter('length', item.measurements.length, item.context, moved);
    }
  });
  console.log(`judge(): 100,000 records (${dropped.toLocaleString('en-US')} dropped at the moved thresholds)`);
  console.log(`  all seven filters   median ${median(all).toFixed(0)} ms (${rate(count, 'records', all)})`);
  console.log(`  length alone        median ${median(one).toFixed(0)} ms (${rate(count, 'records', one)})`);
}

/** The filter benchmark. */
export const bench: BenchModule = {
  description: 'Llama-2 token counting (MB/s) and the seven filters (records/s), on the real records of ../shared/data',
  async run() {
    const runs = benchRuns();
    const settings = filterSettings.parse({});
    const records = [...agentRecords(), ...fireactRecords(), ...generalRecords()];
    const texts = [...new Set(records.flatMap((record) => record.conversation.turns.map((turn) => turn.text)))];
    benchTokenizer(texts, runs);
    const target = benchRecords();
    const replicated = Array.from({ length: target }, (_, index) => records[index % records.length]);
    benchMeasure(records, replicated, settings, runs);
    benchJudge(records, settings, runs);
  },
};
