import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { arraySection, jsonSection, PartialError, PartialFile, writePartialFile } from '../../../../../electron/engine/pipeline/partial-file';

const folder = mkdtempSync(join(tmpdir(), 'agentmix-partial-file-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('partial files (docs/scale.md, "Shards")', () => {
  it('reads back every section by element range, typed as written', async () => {
    const path = join(folder, 'a.agentmix-partial');
    const scores = Float64Array.from([0.5, Number.NaN, -0, 1e300]);
    const roles = Uint8Array.from([1, 2, 3]);
    const big = Uint32Array.from({ length: 5000 }, (_, index) => index * 7);
    await writePartialFile(path, { kind: 'test', note: 'x' }, [
      arraySection('scores', 'f64', scores),
      arraySection('roles', 'u8', roles),
      { name: 'big', type: 'u32', length: big.length, chunks: () => [big.subarray(0, 1234), big.subarray(1234)] },
      arraySection('places', 'i32', Int32Array.from([-1, 4])),
      jsonSection('evidence', [[3, { length: { rule: 'x' } }]]),
    ]);
    const file = await PartialFile.open(path);
    try {
      expect(file.header.note).toBe('x');
      expect(Array.from(await file.array('scores'))).toEqual(Array.from(scores));
      expect(Object.is((await file.array('scores'))[2], -0)).toBe(true);
      expect(Array.from(await file.array('roles', 1, 3))).toEqual([2, 3]);
      expect(Array.from(await file.array('big', 4990))).toEqual(Array.from(big.subarray(4990)));
      expect(Array.from(await file.array('places'))).toEqual([-1, 4]);
      expect(await file.json('evidence')).toEqual([[3, { length: { rule: 'x' } }]]);
      for (const entry of file.header.sections) expect(entry.offset % 8).toBe(0);
      await expect(file.array('nothing')).rejects.toThrow(`${path}: has no column nothing`);
    } finally {
      await file.close();
    }
  });

  it('leaves nothing under its name when writing fails halfway', async () => {
    const path = join(folder, 'b.agentmix-partial');
    const failing = {
      name: 'big',
      type: 'u32' as const,
      length: 2000,
      *chunks(): Iterable<Uint32Array> {
        yield new Uint32Array(1000);
        throw new Error('killed while writing');
      },
    };
    await expect(writePartialFile(path, { kind: 'test' }, [failing])).rejects.toThrow('killed while writing');
    expect(readdirSync(folder).filter((name) => name.startsWith('b.') || name.startsWith('.b.'))).toEqual([]);
  });

  it('refuses a file that is not a partial, of another version, truncated or altered', async () => {
    const path = join(folder, 'c.agentmix-partial');
    await writePartialFile(path, { kind: 'test' }, [arraySection('values', 'u32', Uint32Array.from({ length: 100 }, (_, index) => index))]);
    const bytes = readFileSync(path);
    const cases: [string, Buffer, RegExp][] = [
      ['not.agentmix-partial', Buffer.from('{"a": 1}\n'.repeat(10)), /not an agentmix partial \(no AMXPART header\)/],
      ['version.agentmix-partial', Buffer.concat([bytes.subarray(0, 8), Buffer.from([9, 0, 0, 0]), bytes.subarray(12)]), /a partial of format version 9; this agentmix reads version 2/],
      ['cut.agentmix-partial', bytes.subarray(0, bytes.length - 41), /truncated: \d+ bytes where its header describes \d+/],
      ['long.agentmix-partial', Buffer.concat([bytes, Buffer.from([0])]), /has bytes past its end/],
      ['flipped.agentmix-partial', Buffer.from(bytes.map((byte, index) => (index === bytes.length - 100 ? byte ^ 1 : byte))), /its checksum does not match its content/],
    ];
    for (const [name, content, message] of cases) {
      writeFileSync(join(folder, name), content);
      const opening = PartialFile.open(join(folder, name));
      await expect(opening, name).rejects.toThrow(PartialError);
      await expect(opening, name).rejects.toThrow(message);
    }
  });
});
