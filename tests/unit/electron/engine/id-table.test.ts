import { describe, expect, it } from 'vitest';
import { IdTable } from '../../../../electron/engine/id-table';
import { hashString } from '../../../../shared/text/string-hash';

describe('IdTable', () => {
  it('finds repeats and positions, confirming equal hashes with the ids', () => {
    const ids = Array.from({ length: 5000 }, (_, index) => `id_${index % 4000}`);
    const table = new IdTable();
    const repeats: [number, number][] = [];
    ids.forEach((id, position) => {
      const earlier = table.insert(hashString(id), position, (other) => ids[other] === id);
      if (earlier >= 0) repeats.push([earlier, position]);
    });
    expect(repeats).toHaveLength(1000);
    expect(repeats[0]).toEqual([0, 4000]);
    expect(table.find(hashString('id_3999'), (position) => ids[position] === 'id_3999')).toBe(3999);
    expect(table.find(hashString('missing'), () => true)).toBe(-1);
  });

  it('keeps ids apart when their hashes collide', () => {
    const table = new IdTable();
    const ids = ['a', 'b', 'c'];
    ids.forEach((id, position) => expect(table.insert(7, position, (other) => ids[other] === id)).toBe(-1));
    expect(table.find(7, (position) => ids[position] === 'c')).toBe(2);
  });

  it('holds 700,000 ids in 2^20 slots (70% full at most) and finds each of them', () => {
    const table = new IdTable();
    const count = 700_000;
    let repeats = 0;
    for (let position = 0; position < count; position++) if (table.insert(hashString(`desk_${position}`), position, () => false) >= 0) repeats++;
    expect(repeats).toBe(0);
    expect(table.bytes).toBe(2 ** 20 * 8);
    for (let position = 0; position < count; position += 997) expect(table.find(hashString(`desk_${position}`), (other) => other === position)).toBe(position);
    table.insert(hashString('one more'), count, () => false);
    expect(table.bytes).toBe(2 ** 20 * 8);
  });
});
