import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { REPO_ROOT } from '../../../helpers/data';
import { writeShard } from '../../../helpers/parquet-shard';

/** The demo's AgentInstruct trajectories (resources/samples/SOURCES.md): 71 records of the six tasks. */
const DEMO_AGENT = join(REPO_ROOT, 'resources/samples/agent/agentinstruct.json');

describe('Parquet shards', () => {
  const engine = new Engine({ workers: 2 });
  afterAll(() => engine.dispose());
  const folder = mkdtempSync(join(tmpdir(), 'agentmix-parquet-'));
  const records = JSON.parse(readFileSync(DEMO_AGENT, 'utf8')) as Parameters<typeof writeShard>[1];

  it('reads a nested conversations column as JSON would, across row groups', async () => {
    const path = join(folder, 'train-00000-of-00001.parquet');
    writeShard(path, records, 16);
    const [fromParquet] = await engine.openSources([path]);
    const [fromJson] = await engine.openSources([DEMO_AGENT]);
    expect(fromParquet).toMatchObject({ container: 'parquet', format: 'agentinstruct', role: 'agent', records: 71, errorCount: 0 });
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
