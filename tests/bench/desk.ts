/**
 * `npm run bench -- desk`: the review desk over a big shard in a real `agentmix serve`
 * (docs/scale.md, "The review desk at 10M records"). For each size of `BENCH_DESK_RECORDS`
 * (comma-separated, default 100000; e.g. `100000,10000000`) it writes the project's generated shard
 * (tests/bench/desk-corpus.ts) to .tmp/bench, starts serve on it and, over the page's WebSocket API,
 * measures: indexing, the first grid page once indexing is done, pages at the middle and the end,
 * the next record (find the next unreviewed + open it), a sort, a filter, a quick search (for an id
 * and for a pasted key, whose colon crosses the key's parts), and
 * serve's resident set (steady and peak). Figures only; it never fails on time.
 */
import { statSync } from 'node:fs';
import { loadavg } from 'node:os';
import { median, type BenchModule } from './bench-module';
import { deskCorpus } from './desk-corpus';
import { measureThresholdMove } from './desk-pipeline';
import { BenchClient, finishServe, gb, residentSet, round, startBenchServe } from './desk-serve';

/** Rows of a grid page (the grid's block size). */
const PAGE = 200;

/** Throws naming what is wrong when `holds` is false: the bench measures only right answers. */
function check(holds: boolean, what: string): void {
  if (!holds) throw new Error(`desk bench: ${what}`);
}

/** True when each row's value is at most the one before it. */
function descending<T>(values: T[]): boolean {
  return values.every((value, index) => index === 0 || value <= values[index - 1]);
}

function sizes(variable = 'BENCH_DESK_RECORDS'): number[] {
  const wanted = (process.env[variable] ?? '100000').split(',').map(Number);
  return wanted.filter((value) => Number.isInteger(value) && value > PAGE);
}


type Page = { rows: { key: string; id: string | null; position: number; turns: number; review: string }[]; total: number };
const DEFAULT_VIEW = { sort: [], filters: [], search: '' };

/** Median milliseconds of `runs` calls. */
async function medianOf(runs: number, call: (run: number) => Promise<number>): Promise<number> {
  const times: number[] = [];
  for (let run = 0; run < runs; run++) times.push(await call(run));
  return round(median(times));
}

/** Measures one size; returns the figures. */
export async function measure(records: number): Promise<Record<string, unknown>> {
  const shard = await deskCorpus(records);
  const serve = await startBenchServe('agentmix-desk-', [shard]);
  const pid = serve.child.pid ?? 0;
  try {
    const indexMs = await serve.indexed;
    const client = await BenchClient.connect(serve.url);
    const indexedRss = residentSet(pid);
    const page = (view: unknown, offset: number) => client.timed<Page>('records.page', { view, offset, limit: PAGE });
    const first = await page(DEFAULT_VIEW, 0);
    if (first.value.total !== records) throw new Error(`the grid shows ${first.value.total} rows of ${records}:\n${serve.output()}`);
    const middle = await medianOf(5, async (run) => (await page(DEFAULT_VIEW, Math.floor(records / 2) + run * PAGE)).ms);
    const end = await medianOf(5, async (run) => (await page(DEFAULT_VIEW, records - PAGE * (run + 1))).ms);

    // Next record, as `j` does: the next unreviewed position after the current one, then open it.
    // A few decisions first, so the review mirror holds some and the find has to step over them.
    const start = Math.floor(records / 3);
    const around = await page(DEFAULT_VIEW, start);
    await client.call('review.sync', { replace: false, entries: around.value.rows.filter((_row, index) => index % 2 === 1).map((row) => ({ key: row.key, status: 'accepted' })) });
    let position = start;
    const nextTimes: number[] = [];
    for (let step = 0; step < 20; step++) {
      const started = performance.now();
      const found = await client.call<{ position: number | null; key: string | null }>('records.find', { view: DEFAULT_VIEW, from: position, direction: 'next', where: 'unreviewed' });
      if (found.key === null || found.position === null) throw new Error('records.find found no unreviewed record');
      await client.call('records.get', { key: found.key });
      nextTimes.push(performance.now() - started);
      // Odd rows after the start were accepted: each step skips one.
      check(found.position === start + 2 * (step + 1), `the next unreviewed after ${position} was ${found.position}`);
      position = found.position;
    }
    const decide = await medianOf(5, async (run) => (await client.timed('review.sync', { replace: false, entries: [{ key: around.value.rows[run * 2].key, status: 'rejected' }] })).ms);

    const byId = { ...DEFAULT_VIEW, sort: [{ column: 'id', direction: 'desc' }] };
    const sortFirst = await page(byId, 0);
    check(descending(sortFirst.value.rows.map((row) => row.id ?? '')) && sortFirst.value.total === records, 'the id sort is not descending');
    const sortMiddle = await medianOf(5, async (run) => (await page(byId, Math.floor(records / 2) + run * PAGE)).ms);
    const byTurns = { ...DEFAULT_VIEW, sort: [{ column: 'turns', direction: 'desc' }] };
    const sortTurns = await page(byTurns, 0);
    check(descending(sortTurns.value.rows.map((row) => row.turns)), 'the turns sort is not descending');
    const filtered = await page({ ...DEFAULT_VIEW, filters: [{ kind: 'number', column: 'turns', operator: 'greaterThan', value: 2 }] }, 0);
    const reviewFilter = await page({ ...DEFAULT_VIEW, filters: [{ kind: 'review', column: 'review', values: ['accepted', 'rejected'] }] }, 0);
    check(filtered.value.rows.every((row) => row.turns > 2) && filtered.value.total > 0 && filtered.value.total < records, 'the turns filter let other rows through');
    check(reviewFilter.value.total === PAGE / 2 + 5 && reviewFilter.value.rows.every((row) => row.review !== 'unreviewed'), `the review filter found ${reviewFilter.value.total} decided rows`);
    const searched = await page({ ...DEFAULT_VIEW, search: `desk_${records - 1}` }, 0);
    check(searched.value.rows[0]?.id === `desk_${records - 1}`, 'the quick search missed the last record');
    // A pasted key (`<prefix>:<id>`): a needle with a colon, which crosses the key's parts.
    const lastKey = (await page(DEFAULT_VIEW, records - 1)).value.rows[0].key;
    const byKey = await page({ ...DEFAULT_VIEW, search: lastKey.toUpperCase() }, 0);
    check(byKey.value.total === 1 && byKey.value.rows[0]?.key === lastKey, `the quick search for the key ${lastKey} found ${byKey.value.total} rows`);
    return {
      records,
      shardGB: gb(statSync(shard).size),
      indexS: round(indexMs / 1000),
      firstPageAfterIndexingMs: round(first.ms),
      pageMiddleMs: middle,
      pageEndMs: end,
      nextRecordMs: { median: round(median(nextTimes)), max: round(Math.max(...nextTimes)) },
      decisionSyncMs: decide,
      sortByIdFirstPageMs: round(sortFirst.ms),
      sortedPageMiddleMs: sortMiddle,
      sortByTurnsFirstPageMs: round(sortTurns.ms),
      filterTurnsFirstPageMs: round(filtered.ms),
      filterReviewedFirstPageMs: round(reviewFilter.ms),
      quickSearchMs: round(searched.ms),
      quickSearchKeyMs: round(byKey.ms),
      rssAfterIndexingGB: gb(indexedRss?.rss ?? 0),
      ...(await finishServe(serve, client)),
    };
  } finally {
    await serve.stop();
  }
}

export const bench: BenchModule = {
  description: 'the review desk in agentmix serve over a generated shard (BENCH_DESK_RECORDS=100000,10000000), and a threshold move after a pipeline run (BENCH_DESK_PIPELINE_RECORDS=100000,1000000)',
  async run() {
    for (const records of sizes()) {
      const load = loadavg().map((value) => value.toFixed(1)).join(' ');
      const figures = await measure(records);
      console.log(`desk ${records.toLocaleString('en')} records (load ${load} at start, ${loadavg()[0].toFixed(1)} at end): ${JSON.stringify(figures)}`);
    }
    for (const records of sizes('BENCH_DESK_PIPELINE_RECORDS')) {
      const load = loadavg().map((value) => value.toFixed(1)).join(' ');
      const figures = await measureThresholdMove(records);
      console.log(`desk threshold move, ${records.toLocaleString('en')} records (load ${load} at start, ${loadavg()[0].toFixed(1)} at end): ${JSON.stringify(figures)}`);
    }
  },
};
