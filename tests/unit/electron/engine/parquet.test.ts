import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parquetWriteFile } from 'hyparquet-writer';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { dataFile } from '../../../helpers/data';

/** A Hugging Face style shard: `id` and a `conversations` list<struct<from, value, loss>> column. */
function writeShard(path: string, records: { id: string; conversations: { from: string; value: string; loss?: boolean | null }[] }[], rowGroupSize: number): void {
  parquetWriteFile({
    filename: path,
    rowGroupSize,
    columnData: [
      { name: 'id', data: records.map((record) => record.id) },
      { name: 'conversations', data: records.map((record) => record.conversations.map((turn) => ({ from: turn.from, value: turn.value, loss: turn.loss ?? null }))) },
    ],
    schema: [
      { name: 'root', num_children: 2 },
      { name: 'id', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'conversations', repetition_type: 'OPTIONAL', converted_type: 'LIST', num_children: 1 },
      { name: 'list', repetition_type: 'REPEATED', num_children: 1 },
      { name: 'element', repetition_type: 'OPTIONAL', num_children: 3 },
      { name: 'from', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'value', type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' },
      { name: 'loss', type: 'BOOLEAN', repetition_type: 'OPTIONAL' },
    ],
  });
}

describe('Parquet shards', () => {
  const engine = new Engine({ workers: 2 });
  afterAll(() => engine.dispose());
  const folder = mkdtempSync(join(tmpdir(), 'agentmix-parquet-'));
  const records = JSON.parse(readFileSync(dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json'), 'utf8')) as Parameters<typeof writeShard>[1];

  it('reads a nested conversations column as JSON would, across row groups', async () => {
    const path = join(folder, 'train-00000-of-00001.parquet');
    writeShard(path, records, 16);
    const [fromParquet] = await engine.openSources([path]);
    const [fromJson] = await engine.openSources([dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json')]);
    expect(fromParquet).toMatchObject({ container: 'parquet', format: 'agentinstruct', role: 'agent', records: 50, errorCount: 0 });
    expect(fromParquet.loss).toEqual(fromJson.loss);
    expect(fromParquet.tasks).toEqual(fromJson.tasks);
    expect(fromParquet.turns).toEqual(fromJson.turns);
    const record = await engine.readRecord(`${fromParquet.keyPrefix}:${records[37].id}`);
    expect(record.ordinal).toBe(37);
    expect(record.conversation.turns.map((turn) => turn.text)).toEqual(records[37].conversations.map((turn) => turn.value));
  });

  it('reports a row that fails the schema by its row number and keeps the others', async () => {
    const broken = structuredClone(records.slice(0, 10));
    broken[4].conversations[2].from = 'bot';
    const path = join(folder, 'broken.parquet');
    writeShard(path, broken, 4);
    const [info] = await engine.openSources([path]);
    expect(info).toMatchObject({ records: 9, errorCount: 1 });
    expect(info.errors[0]).toMatchObject({ line: 5, record: 4 });
    expect(info.errors[0].message).toMatch(/conversations\[2\]\.from/);
  });
});
