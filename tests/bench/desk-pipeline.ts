/**
 * The desk's threshold move over a big shard (docs/scale.md, "The review desk at 10M records"): a
 * real `agentmix serve --recipe` on the desk bench's shard (desk-corpus.ts) runs the pipeline as
 * the app does (`pipeline.run` over the page's WebSocket), then moves the length filter's
 * `maxTokens` back and forth with `filters.apply` (a re-judge of the stored measurements, no shard
 * read) and pages the grid sorted by verdict after a move. The recipe measures what a threshold
 * move needs and no more: the length filter (Llama-2 tokens) on, the other filters, dedup and
 * leakage off. Figures only; every answer is checked, never a time.
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDataDir, median } from './bench-module';
import { deskCorpus } from './desk-corpus';
import { measureRunViews } from './desk-run-views';
import { BenchClient, finishServe, gb, residentSet, round, startBenchServe } from './desk-serve';

/** The other six filters, switched off. */
const OFF = Object.fromEntries(['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe'].map((filter) => [filter, { enabled: false }]));

/** The two thresholds the move alternates between: AgentLM's 4,096 and one that drops about half the desk's records. */
const THRESHOLDS = [4096, 100];

function deskRecipe(shard: string, records: number): string {
  const path = join(benchDataDir(), `desk-pipeline-${records}.recipe.json`);
  const out = join(benchDataDir(), `desk-pipeline-${records}-out`, 'mix.jsonl');
  writeFileSync(path, JSON.stringify({ sources: [{ path: shard, role: 'general', format: 'sharegpt' }], filters: { ...OFF, length: { maxTokens: THRESHOLDS[0] } }, dedup: { enabled: false }, leakage: { enabled: false }, mix: { agentShare: 0 }, export: { format: 'sharegpt-jsonl', out } }, null, 2));
  return path;
}


type Counts = { kept: number; dropped: number };

/** Measures one size; returns the figures. */
export async function measureThresholdMove(records: number, moves = 6): Promise<Record<string, unknown>> {
  const shard = await deskCorpus(records);
  const serve = await startBenchServe('agentmix-desk-pipeline-', ['--recipe', deskRecipe(shard, records)]);
  const pid = serve.child.pid ?? 0;
  try {
    const indexMs = await serve.indexed;
    const client = await BenchClient.connect(serve.url);
    const indexedRss = residentSet(pid)?.rss ?? 0;
    serve.samples.phase = 0;
    const started = performance.now();
    const run = await client.call<{ records: number; kept: number; dropped: number }>('pipeline.run', {});
    const runMs = performance.now() - started;
    const runPeak = serve.samples.phase;
    if (run.records !== records) throw new Error(`desk pipeline bench: the run judged ${run.records} records of ${records}:\n${serve.output()}`);
    const afterRunRss = residentSet(pid)?.rss ?? 0;
    const state = await client.call<{ filters: Record<string, Record<string, unknown>>; counts: Counts }>('filters.state', { scores: [] });
    serve.samples.phase = 0;
    const times: number[] = [];
    const kept: number[] = [];
    for (let move = 1; move <= moves; move++) {
      const maxTokens = THRESHOLDS[move % 2];
      const filters = { ...state.filters, length: { ...state.filters['length'], maxTokens } };
      const moved = await client.timed<{ applied: boolean; needsRerun: string[]; counts: Counts }>('filters.apply', { filters }).catch((error: unknown) => {
        throw new Error(`desk pipeline bench: move ${move} failed after a ${round(runMs / 1000)} s run (serve at ${gb(residentSet(pid)?.rss ?? 0)} GB): ${String(error)}\n${serve.output().slice(-2000)}`);
      });
      if (!moved.value.applied) throw new Error(`desk pipeline bench: the threshold move was not applied: ${moved.value.needsRerun.join('; ')}`);
      times.push(moved.ms);
      kept.push(moved.value.counts.kept);
    }
    const movePeak = serve.samples.phase;
    // The two thresholds keep different records, and each keeps the same ones every time.
    if (kept[0] === kept[1] || kept.some((count, move) => count !== kept[move % 2])) throw new Error(`desk pipeline bench: the moves kept ${kept.join(', ')} records`);
    if (kept[1] !== run.kept) throw new Error(`desk pipeline bench: moving back to ${THRESHOLDS[0]} keeps ${kept[1]} records, the run kept ${run.kept}`);
    // The grid after a move: the verdict column sorted (a view over the verdicts the move changed).
    const byVerdict = await client.timed<{ total: number; rows: { verdict: { kept: boolean } | null }[] }>('records.page', { view: { sort: [{ column: 'verdict', direction: 'asc' }], filters: [], search: '' }, offset: 0, limit: 200 });
    if (byVerdict.value.total !== records || byVerdict.value.rows.some((row) => row.verdict === null)) throw new Error('desk pipeline bench: the verdict sort lost rows or verdicts');
    const runViews = await measureRunViews(client, records, state.filters, THRESHOLDS[1]);
    return {
      records,
      indexS: round(indexMs / 1000),
      pipelineRunS: round(runMs / 1000),
      kept: { [THRESHOLDS[0]]: kept[1], [THRESHOLDS[1]]: kept[0] },
      thresholdMoveMs: { median: round(median(times)), max: round(Math.max(...times)) },
      verdictSortFirstPageMs: round(byVerdict.ms),
      runViews,
      rssAfterIndexingGB: gb(indexedRss),
      rssRunPeakGB: gb(runPeak),
      rssAfterRunGB: gb(afterRunRss),
      rssMovesPeakGB: gb(movePeak),
      ...(await finishServe(serve, client)),
    };
  } finally {
    await serve.stop();
  }
}
