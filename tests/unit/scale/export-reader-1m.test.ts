/**
 * The export reader's read plan at a million records (docs/scale.md, "Nothing breaks at size"):
 * records sorted by offset are grouped into runs read with one read each, and a run's end is the
 * furthest end of its records; `Math.max(...run)` over a run overflowed the stack. Pure data.
 */
import { describe, expect, it } from 'vitest';
import { runEnd, runsOf, type Location } from '../../../electron/engine/export/record-reader';
import type { SourceInfo } from '../../../electron/engine/types';

const MILLION = 1_000_000;

function locations(gapEvery: number): Location[] {
  const source = { path: '/data/shard.jsonl' } as SourceInfo;
  const list: Location[] = new Array(MILLION);
  let start = 0;
  for (let index = 0; index < MILLION; index++) {
    if (gapEvery > 0 && index > 0 && index % gapEvery === 0) start += 1 << 20;
    list[index] = { key: `k:${index}`, source, format: 'sharegpt', task: null, id: null, start, length: 200 + (index % 7) };
    start += 150; // records overlap their neighbours: the end is not the last record's
  }
  return list;
}

describe('the export read plan over 1,000,000 records', () => {
  it('reads adjacent records as one run and finds its end', () => {
    const all = locations(0);
    const runs = runsOf(all, 64 << 10, Number.POSITIVE_INFINITY);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toHaveLength(MILLION);
    const last = all[MILLION - 1];
    expect(runEnd(runs[0])).toBe(Math.max(last.start + last.length, all[MILLION - 2].start + all[MILLION - 2].length));
  });

  it('cuts runs at gaps and at the span limit', () => {
    const runs = runsOf(locations(100_000), 64 << 10, Number.POSITIVE_INFINITY);
    expect(runs.map((run) => run.length)).toEqual(new Array(10).fill(100_000));
    const limited = runsOf(locations(0), 64 << 10, 16 << 20);
    expect(limited.length).toBeGreaterThan(1);
    for (const run of limited) expect(runEnd(run) - run[0].start).toBeLessThanOrEqual(16 << 20);
    expect(limited.reduce((sum, run) => sum + run.length, 0)).toBe(MILLION);
  });
});
