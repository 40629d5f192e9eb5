import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { objectMembers } from '../../../../electron/engine/sources/object-members';
import { decideRole } from '../../../../electron/engine/sources/role-decision';

const engine = new Engine({ workers: 1 });
afterAll(() => engine.dispose());
const scratch = mkdtempSync(join(tmpdir(), 'agentmix-keyed-'));

describe('objectMembers', () => {
  it('finds each key and the byte range of its value, with the line breaks before it', () => {
    const text = '{\n  "b": {"x": "a \\" } , {"},\n  "10": [1, {"y": 2}],\n  "é": 3 ,\n  "n": null\n}';
    const bytes = Buffer.from(text);
    const members = objectMembers(bytes, 0, bytes.length);
    expect(members.keys).toEqual(['b', '10', 'é', 'n']);
    const values = members.starts.map((start, index) => bytes.toString('utf8', start, members.ends[index]));
    expect(values).toEqual(['{"x": "a \\" } , {"}', '[1, {"y": 2}]', '3', 'null']);
    expect(members.linesBefore).toEqual([1, 2, 3, 4]);
  });
});

describe('keyed containers', () => {
  it('reads one object whose values are records as records keyed by their keys, in file order', async () => {
    const dialog = (user: string, system: string) => ({ 'dialog index': '1', log: [{ 'turn id': 1, 'user utterance': user, 'system response': system }] });
    const path = join(scratch, 'dialogs.json');
    // Integer-like keys first in the file and out of numeric order: the file's order is kept.
    const text = `{\n  "30": ${JSON.stringify(dialog('a?', 'b.'))},\n  "4": ${JSON.stringify(dialog('c?', 'd.'))},\n  "Demo--3": ${JSON.stringify(dialog('e?', 'f.'))}\n}\n`;
    writeFileSync(path, text);
    const [info] = await engine.openSources([path]);
    expect(info).toMatchObject({ format: 'dialogstudio', keyed: true, records: 3, errorCount: 0, role: 'general' });
    const rows = Array.from({ length: engine.index.count }, (_, row) => row).filter((row) => engine.index.sourceOf(row) === info.id);
    expect(rows.map((row) => engine.index.idOf(row))).toEqual(['30', '4', 'Demo--3']);
    const record = await engine.readRecord(`${info.keyPrefix}:4`);
    expect(record.conversation).toMatchObject({ id: '4', turns: [{ text: 'c?' }, { text: 'd.' }] });
  });

  it('reports a value that is not a record of the format with its key and line, and keeps the others', async () => {
    const path = join(scratch, 'trajs.json');
    const good = { reward: true, traj: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] };
    writeFileSync(path, `{\n  "1": ${JSON.stringify(good)},\n  "2": {"reward": true, "traj": [{"role": "robot", "content": "x"}]},\n  "3": ${JSON.stringify(good)}\n}\n`);
    const [info] = await engine.openSources([path]);
    expect(info).toMatchObject({ format: 'fireact', keyed: true, records: 2, elements: 3, errorCount: 1 });
    expect(info.errors[0]).toMatchObject({ line: 3, record: 1 });
    expect(info.errors[0].message).toMatch(/traj\[0\]\.role: expected one of system, user, assistant, tool; found "robot"/);
  });
});

describe('decideRole', () => {
  const counts = (records: number, signals: Partial<{ agentTaskRecords: number; toolCalls: number; outcome: number; actions: number }> = {}) => ({
    records,
    agentTaskRecords: signals.agentTaskRecords ?? 0,
    agentSignals: { toolCalls: signals.toolCalls ?? 0, outcome: signals.outcome ?? 0, actions: signals.actions ?? 0 },
  });

  it('says why: the user, a run-log format, or half the records carrying agent structure', () => {
    expect(decideRole('general', 'swe-agent', counts(3))).toEqual({ role: 'general', reason: 'set by --role (or the recipe)' });
    expect(decideRole(undefined, 'agentbench-run', counts(3))).toEqual({ role: 'agent', reason: 'agentbench-run records are agent trajectories' });
    expect(decideRole(undefined, 'openai', counts(10, { toolCalls: 5, outcome: 10 }))).toEqual({
      role: 'agent',
      reason: "50% of the records make tool calls; 100% of the records carry a run's outcome (reward, success, resolved)",
    });
    expect(decideRole(undefined, 'sharegpt', counts(10, { toolCalls: 4 }))).toEqual({ role: 'general', reason: 'only 40% of the records make tool calls (agent needs half)' });
    expect(decideRole(undefined, 'sharegpt', counts(10))).toEqual({ role: 'general', reason: 'no task ids, tool calls, actions or outcomes in the records' });
    expect(decideRole(undefined, null, counts(0))).toEqual({ role: 'general', reason: 'no records' });
  });
});
