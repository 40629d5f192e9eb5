import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { jsonPieces } from '../../../../../electron/engine/export/json-pieces';
import { openRecordFile } from '../../../../../electron/engine/export/record-file';
import { seededRandom } from '../../../shared/formats/mutations';

const UNITS = ['a', ' ', 'é', '😀', '中', '\n', '"', '\\', '/', '\u0001', '\u2028', '\u0000', '\ud83d', '\ude00', '\u007f'];

/** A random value: strings of random units (lone surrogate halves too), numbers, literals, arrays, objects with odd keys. */
function randomValue(next: () => number, depth = 0): unknown {
  const kind = depth > 3 ? Math.floor(next() * 3) : Math.floor(next() * 7);
  if (kind === 0) {
    let text = '';
    const length = Math.floor(next() * 40);
    for (let unit = 0; unit < length; unit++) text += UNITS[Math.floor(next() * UNITS.length)];
    return text;
  }
  if (kind === 1) return [0, -0, 1.5, 1e21, Number.NaN, Number.POSITIVE_INFINITY, -3][Math.floor(next() * 7)];
  if (kind === 2) return [true, false, null][Math.floor(next() * 3)];
  if (kind === 3) return [undefined, () => 1, Symbol('s')][Math.floor(next() * 3)];
  const count = Math.floor(next() * 5);
  if (kind === 4) return Array.from({ length: count }, () => randomValue(next, depth + 1));
  const object: Record<string, unknown> = {};
  for (let member = 0; member < count; member++) object[['id', '2', '1', 'a"b', '__x', 'é'][Math.floor(next() * 6)] + String(member % 2)] = randomValue(next, depth + 1);
  if (kind === 5 && next() < 0.2) return { when: new Date(0), inner: object };
  return object;
}

describe('jsonPieces', () => {
  it('joins to JSON.stringify on random values, at every piece size', () => {
    const next = seededRandom(7);
    for (let round = 0; round < 3_000; round++) {
      const value = randomValue(next);
      for (const size of [1, 2, 3, 7, 1 << 18]) expect([...jsonPieces(value, size)].join('')).toBe(JSON.stringify(value) ?? '');
    }
  });

  it('never cuts a character in two, so every piece is well-formed UTF-16 when the text is', () => {
    const text = '😀a😀😀b'.repeat(1_000);
    for (const size of [1, 2, 3, 5, 64]) {
      const pieces = [...jsonPieces({ value: text }, size)];
      expect(pieces.join('')).toBe(JSON.stringify({ value: text }));
      for (const piece of pieces) expect(isWellFormed(piece)).toBe(true);
    }
  });
});

describe('RecordFile.write of a large record', () => {
  it('writes and hashes the same bytes as the whole line, in JSON Lines and arrays', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'agentmix-pieces-'));
    try {
      const huge = { id: 'big', conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: `${'word é 😀 \n "quoted" '.repeat(150_000)}end` }] };
      const records = [{ id: 'small', value: 'x' }, huge, { id: 'after' }];
      for (const container of ['jsonl', 'json-array'] as const) {
        const written: string[] = [];
        for (const large of [false, true]) {
          const target = join(folder, `${container}-${large}.out`);
          const file = await openRecordFile(target, container);
          for (const record of records) await file.write(record, large && record === huge);
          const result = await file.commit();
          const bytes = await readFile(target);
          expect(result.sha256).toBe(createHash('sha256').update(bytes).digest('hex'));
          expect(result.bytes).toBe(bytes.length);
          expect(result.records).toBe(3);
          written.push(bytes.toString('utf8'));
        }
        expect(written[1]).toBe(written[0]);
      }
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  });
});

/** Whether a string has no lone surrogate half (String.prototype.isWellFormed, not in this lib target). */
function isWellFormed(text: string): boolean {
  return !/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/.test(text);
}
