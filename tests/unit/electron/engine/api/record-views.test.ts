import { describe, expect, it } from 'vitest';
import type { EnginePort, PortRow } from '../../../../../electron/engine/api/engine-port';
import { RecordViews } from '../../../../../electron/engine/api/record-views';
import { ReviewMirror } from '../../../../../electron/engine/api/review-mirror';
import { NO_VERDICTS } from '../../../../../electron/engine/api/verdict-source';

/** An engine of `count` rows that counts how many rows were asked for. */
function countingEngine(count: number): { engine: EnginePort; asked: () => number } {
  let asked = 0;
  const row = (index: number): PortRow => {
    asked++;
    return { key: `k:r_${index}`, sourceId: 1, ordinal: index, id: `r_${index}`, task: null, turns: 2 + (index % 3), chars: 10, tokens: null, reward: null, trained: 0, masked: 0, firstUserText: `text ${index}` };
  };
  const engine = { rowCount: () => count, row, listSources: () => [{ sourceId: 1, path: '/data/big.jsonl' }], verdicts: NO_VERDICTS } as unknown as EnginePort;
  return { engine, asked: () => asked };
}

const PLAIN = { sort: [], filters: [], search: '' };

describe('RecordViews', () => {
  it('pages the plain view in index order, asking only for the rows of the page', () => {
    const { engine, asked } = countingEngine(1_000_000);
    const views = new RecordViews(engine, new ReviewMirror());
    views.invalidate();
    const page = views.page({ ...PLAIN, search: '  ' }, 999_998, 200);
    expect(page.total).toBe(1_000_000);
    expect(page.rows.map((row) => [row.position, row.id])).toEqual([[999_998, 'r_999998'], [999_999, 'r_999999']]);
    expect(asked()).toBe(2);
  });

  it('finds the next and previous unreviewed record of the plain view by stepping from the position', () => {
    const { engine, asked } = countingEngine(1_000_000);
    const review = new ReviewMirror();
    review.apply([{ key: 'k:r_500001', status: 'accepted' }, { key: 'k:r_500002', status: 'rejected' }, { key: 'k:r_499999', status: 'edited' }], false);
    const views = new RecordViews(engine, review);
    views.invalidate();
    expect(views.findUnreviewed(PLAIN, 500_000, 'next')).toEqual({ position: 500_003, key: 'k:r_500003' });
    expect(views.findUnreviewed(PLAIN, 500_000, 'previous')).toEqual({ position: 499_998, key: 'k:r_499998' });
    expect(views.findUnreviewed(PLAIN, 999_999, 'next')).toBeNull();
    expect(asked()).toBe(5);
  });

  it('still computes a sorted view over every row', () => {
    const { engine } = countingEngine(10);
    const views = new RecordViews(engine, new ReviewMirror());
    views.invalidate();
    const page = views.page({ ...PLAIN, sort: [{ column: 'turns', direction: 'desc' }] }, 0, 3);
    expect(page.rows.map((row) => row.id)).toEqual(['r_2', 'r_5', 'r_8']);
    expect(page.total).toBe(10);
  });

  it('keeps the search texts between searches only up to its row limit', () => {
    const searchTwice = (limit: number): number => {
      const { engine, asked } = countingEngine(20);
      const views = new RecordViews(engine, new ReviewMirror(), limit);
      views.invalidate();
      expect(views.page({ ...PLAIN, search: 'r_1' }, 0, 1).total).toBe(11);
      const before = asked();
      expect(views.page({ ...PLAIN, search: 'R_2' }, 0, 1).rows.map((row) => row.id)).toEqual(['r_2']);
      return asked() - before;
    };
    expect(searchTwice(20)).toBe(1);
    expect(searchTwice(19)).toBe(21);
  });

  it('evicts the oldest views past its budget and computes an evicted view again', () => {
    const { engine, asked } = countingEngine(100);
    const views = new RecordViews(engine, new ReviewMirror());
    views.invalidate();
    const byTurns = (min: number) => ({ ...PLAIN, filters: [{ kind: 'number' as const, column: 'turns' as const, operator: 'greaterThan' as const, value: min, valueTo: null }] });
    for (let view = 0; view < 9; view++) views.resolve(byTurns(view));
    const before = asked();
    views.resolve(byTurns(8));
    expect(asked()).toBe(before);
    views.resolve(byTurns(0));
    expect(asked()).toBe(before + 100);
  });
});
