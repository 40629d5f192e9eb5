import { describe, expect, it } from 'vitest';
import { RecordIndex } from '../../../../electron/engine/record-index';
import type { RecordBatch } from '../../../../electron/workers/protocol';

/** A batch of `count` records, record `i` with `i + 1` turns; `invalid` lists the failed ones. */
function batch(count: number, invalid: number[] = []): RecordBatch {
  const valid = new Uint8Array(count).fill(1);
  for (const index of invalid) valid[index] = 0;
  return {
    count,
    starts: new Uint32Array(count),
    ends: new Uint32Array(count),
    lines: new Uint32Array(count),
    valid,
    ids: Array.from({ length: count }, (_, index) => (index % 3 === 0 ? null : `r${index}`)),
    idHashes: new Uint32Array(count),
    tasks: Array.from({ length: count }, (_, index) => (index % 2 === 0 ? 'os' : null)),
    previews: Array.from({ length: count }, (_, index) => `hello ${index}`),
    turns: Uint32Array.from({ length: count }, (_, index) => index + 1),
    chars: Float64Array.from({ length: count }, (_, index) => 10 * index),
    lossTrue: new Uint32Array(count).fill(1),
    lossFalse: new Uint32Array(count),
    lossNull: new Uint32Array(count).fill(2),
    rewards: Float64Array.from({ length: count }, (_, index) => (index === 1 ? 0.75 : Number.NaN)),
    flags: new Uint8Array(count),
    roleNames: {},
    problems: [],
  };
}

/** Where a batch's records are: 100 bytes each, from offset 0. */
function placement(sourceId: number, count: number): { sourceId: number; firstOrdinal: number; starts: number[]; lengths: number[] } {
  return { sourceId, firstOrdinal: 0, starts: Array.from({ length: count }, (_, index) => index * 100), lengths: new Array<number>(count).fill(100) };
}

describe('RecordIndex', () => {
  it('appends the valid records of batches and gives rows back', () => {
    const index = new RecordIndex();
    const rows = index.append(batch(5, [2]), placement(1, 5));
    expect(rows).toEqual([0, 1, 2, 3]);
    expect(index.count).toBe(4);
    expect(index.row(1)).toEqual({ row: 1, sourceId: 1, ordinal: 1, start: 100, length: 100, id: 'r1', idRepeats: false, task: null, turns: 2, chars: 10, lossTrue: 1, lossFalse: 0, lossNull: 2, reward: 0.75, firstUserText: 'hello 1' });
    expect(index.row(2)).toMatchObject({ ordinal: 3, id: null, task: null, reward: null });
    expect(index.row(3)).toMatchObject({ ordinal: 4, id: 'r4', task: 'os' });
    expect(() => index.row(4)).toThrow(RangeError);
  });

  it('grows past a page, and removes a source keeping the order of the rest', () => {
    const index = new RecordIndex();
    index.append(batch(20_000), placement(1, 20_000));
    index.append(batch(700), placement(2, 700));
    index.append(batch(3), placement(3, 3));
    index.trim();
    index.removeSource(2);
    expect(index.count).toBe(20_003);
    expect(index.row(19_999)).toMatchObject({ sourceId: 1, ordinal: 19_999, turns: 20_000 });
    expect(index.row(20_000)).toMatchObject({ sourceId: 3, ordinal: 0, firstUserText: 'hello 0' });
    index.append(batch(2000), placement(4, 2000));
    expect(index.row(22_002)).toMatchObject({ sourceId: 4, ordinal: 1999, firstUserText: 'hello 1999' });
    // Removing the first source moves later rows across pages and gives the emptied pages back.
    const before = index.memoryBytes().total;
    index.removeSource(1);
    expect(index.count).toBe(2003);
    expect(index.row(2)).toMatchObject({ sourceId: 3, ordinal: 2, id: 'r2' });
    expect(index.row(2002)).toMatchObject({ sourceId: 4, ordinal: 1999, turns: 2000 });
    expect(index.memoryBytes().total).toBeLessThan(before / 2);
  });

  it('marks repeated ids', () => {
    const index = new RecordIndex();
    index.append(batch(3), placement(1, 3));
    index.markIdRepeats(2);
    expect(index.row(2).idRepeats).toBe(true);
    expect(index.row(1).idRepeats).toBe(false);
  });

  it('costs under 80 bytes per record besides the previews (ids as bytes, no string per record)', () => {
    const index = new RecordIndex();
    for (let round = 0; round < 100; round++) index.append(batch(1000), placement(1, 1000));
    index.trim();
    const { total, previewBytes } = index.memoryBytes();
    expect((total - previewBytes) / index.count).toBeLessThan(80);
    // A preview's slot is 13 bytes (start, length, ASCII flag) besides its bytes (about 10 here), in pages of 16,384 rows.
    expect(previewBytes / index.count).toBeLessThan(13 * 1.15 + 10);
  });
});
