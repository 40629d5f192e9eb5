import { describe, expect, it } from 'vitest';
import { TextColumn } from '../../../../electron/engine/text-column';

describe('TextColumn', () => {
  it('gives back every string, null and empty string as pushed, in any script', () => {
    const column = new TextColumn();
    const texts = ['desk_1', null, '', 'héllo wörld', '名前は', 'emoji 🙂 and a ⟨RLO⟩ \u202e mark', 'x'.repeat(5000)];
    for (const text of texts) column.push(text);
    expect(column.count).toBe(texts.length);
    expect(texts.map((_text, row) => column.get(row))).toEqual(texts);
  });

  it('spills into new chunks past 32 MiB and keeps a string longer than a chunk whole', () => {
    const column = new TextColumn();
    const long = 'a'.repeat(40 * 1024 * 1024);
    const rows = 300_000;
    for (let row = 0; row < rows; row++) column.push(`${'record '.repeat(20)}${row}`);
    column.push(long);
    column.push('after');
    expect(column.get(0)).toBe(`${'record '.repeat(20)}0`);
    expect(column.get(rows - 1)).toBe(`${'record '.repeat(20)}${rows - 1}`);
    expect(column.get(rows)).toBe(long);
    expect(column.get(rows + 1)).toBe('after');
    expect(column.bytes).toBeGreaterThan(long.length + rows * 140);
  });

  it('moves rows and truncates, copying only the rows it keeps', () => {
    const column = new TextColumn();
    for (let row = 0; row < 3000; row++) column.push(row % 7 === 0 ? null : `row ${row}`);
    // Keep the odd rows, as removing a source does.
    let write = 0;
    for (let read = 0; read < 3000; read++) {
      if (read % 2 === 0) continue;
      column.move(read, write++);
    }
    column.truncate(write);
    column.trim();
    expect(column.count).toBe(1500);
    expect(column.get(0)).toBe('row 1');
    expect(column.get(3)).toBe(null);
    expect(column.get(1499)).toBe('row 2999');
    column.push('new');
    expect(column.get(1500)).toBe('new');
  });
});
