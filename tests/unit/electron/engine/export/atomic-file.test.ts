import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { mkdtemp, readFile, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dataFile, realData } from '../../../../helpers/data';
import { openAtomicFile, removeStaleTemporaries, writeFileAtomic } from '../../../../../electron/engine/export/atomic-file';
import { openRecordFile } from '../../../../../electron/engine/export/record-file';
import { sha256File } from '../../../../../electron/engine/export/hash-file';
import { itWithData } from '../../../../helpers/with-data';

let folder: string;
beforeEach(async () => {
  folder = await mkdtemp(join(tmpdir(), 'agentmix-atomic-'));
});
afterEach(async () => {
  await rm(folder, { recursive: true, force: true });
});

/** A pid that is not running: the highest pid Linux hands out is 2^22. */
const DEAD_PID = 4_194_304 + 1;

describe('openAtomicFile', () => {
  it('leaves the old file in place until commit, then replaces it whole', async () => {
    const target = join(folder, 'mix.json');
    await writeFile(target, 'old');
    const file = await openAtomicFile(target);
    await file.write('new ');
    await file.write(new TextEncoder().encode('content'));
    expect(await readFile(target, 'utf8')).toBe('old');
    await file.finish();
    expect(await readFile(target, 'utf8')).toBe('old');
    await file.commit();
    expect(await readFile(target, 'utf8')).toBe('new content');
    expect(await readdir(folder)).toEqual(['mix.json']);
    await expect(file.commit()).rejects.toThrow(/already committed/);
  });

  it('keeps the old file and removes the temporary file on abort', async () => {
    const target = join(folder, 'mix.json');
    await writeFile(target, 'old');
    const file = await openAtomicFile(target);
    await file.write('half');
    await file.abort();
    expect(await readFile(target, 'utf8')).toBe('old');
    expect(await readdir(folder)).toEqual(['mix.json']);
    await expect(file.write('more')).rejects.toThrow(/write after finish/);
  });

  it('creates missing folders', async () => {
    const target = join(folder, 'a', 'b', 'out.jsonl');
    await writeFileAtomic(target, 'x\n');
    expect(await readFile(target, 'utf8')).toBe('x\n');
  });

  it('removes temporaries of dead writers, and keeps those being written', async () => {
    const target = join(folder, 'mix.json');
    const stale = join(folder, `.mix.json.${DEAD_PID}-abcdef.agentmix-tmp`);
    const unrelated = join(folder, '.other.json.1-x.agentmix-tmp');
    await writeFile(stale, 'torn');
    await writeFile(unrelated, 'not ours');
    const running = await openAtomicFile(target);
    expect(await readdir(folder)).not.toContain(`.mix.json.${DEAD_PID}-abcdef.agentmix-tmp`);
    expect(await removeStaleTemporaries(target)).toEqual([]);
    expect(await readdir(folder)).toContain(running.temporaryPath.split('/').at(-1));
    await running.commit();
    expect((await readdir(folder)).sort()).toEqual(['.other.json.1-x.agentmix-tmp', 'mix.json']);
  });
});

describe('openRecordFile', () => {
  const records = realData(() => JSON.parse(readFileSync(dataFile('sharegpt-real-dialogstudio', 'original_example.json'), 'utf8')) as unknown[]);

  itWithData('writes JSONL with LF line ends and hashes exactly the bytes written', async () => {
    const target = join(folder, 'mix.jsonl');
    const file = await openRecordFile(target, 'jsonl');
    for (const record of records) await file.write(record);
    const written = await file.commit();
    const text = await readFile(target, 'utf8');
    expect(text).toBe(records.map((record) => `${JSON.stringify(record)}\n`).join(''));
    expect(written).toEqual({ path: target, records: 5, bytes: Buffer.byteLength(text), sha256: createHash('sha256').update(text).digest('hex') });
    expect(await sha256File(target)).toBe(written.sha256);
  });

  itWithData('writes a JSON array one record a line, and [] when empty', async () => {
    const target = join(folder, 'mix.json');
    const file = await openRecordFile(target, 'json-array');
    for (const record of records) await file.write(record);
    await file.commit();
    const text = await readFile(target, 'utf8');
    expect(JSON.parse(text)).toEqual(records);
    expect(text.split('\n')).toHaveLength(records.length + 3);
    expect(text.startsWith('[\n{"id"')).toBe(true);
    expect(text.endsWith('}\n]\n')).toBe(true);
    const empty = await openRecordFile(join(folder, 'empty.json'), 'json-array');
    expect(await empty.commit()).toMatchObject({ records: 0, bytes: 3 });
    expect(await readFile(join(folder, 'empty.json'), 'utf8')).toBe('[]\n');
  });

  itWithData('streams many megabytes through several flushes with the same bytes and hash', async () => {
    const target = join(folder, 'big.jsonl');
    const file = await openRecordFile(target, 'jsonl');
    const expected = createHash('sha256');
    let bytes = 0;
    for (let round = 0; round < 300; round++) {
      for (const record of records) {
        const value = { round, record };
        await file.write(value);
        const line = `${JSON.stringify(value)}\n`;
        expected.update(line);
        bytes += Buffer.byteLength(line);
      }
    }
    const written = await file.commit();
    expect(bytes).toBeGreaterThan(4 << 20);
    expect(written.bytes).toBe(bytes);
    expect(written.sha256).toBe(expected.digest('hex'));
    expect(await sha256File(target)).toBe(written.sha256);
  });

  it('refuses values JSON cannot hold and writes after finish', async () => {
    const file = await openRecordFile(join(folder, 'x.jsonl'), 'jsonl');
    await expect(file.write(undefined)).rejects.toThrow(/not JSON-serializable/);
    await file.finish();
    await expect(file.write({})).rejects.toThrow(/write after finish/);
    await file.abort();
  });
});
