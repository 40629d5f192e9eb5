import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { HOLD_BYTES } from '../../../../../electron/engine/sources/read-json-source';

// Small chunks: the huge record spans dozens of them, and is let go and read again (docs/scale.md, "One huge record").
const engine = new Engine({ workers: 1, chunkBytes: 1 << 20 });
const folder = mkdtempSync(join(tmpdir(), 'agentmix-huge-'));
afterAll(async () => {
  await engine.dispose();
  rmSync(folder, { recursive: true, force: true });
});

/** A ShareGPT record whose answer is longer than HOLD_BYTES, with escapes and non-ASCII text throughout. */
function hugeRecord(id: string): Record<string, unknown> {
  const answer = `${'a long answer, é 😀 "quoted" \\ line\n'.repeat(Math.ceil((HOLD_BYTES + (2 << 20)) / 40))}end`;
  return { id, conversations: [{ from: 'human', value: 'Write a long answer.' }, { from: 'gpt', value: answer }] };
}

const small = (id: string): Record<string, unknown> => ({ id, conversations: [{ from: 'human', value: `question ${id}` }, { from: 'gpt', value: `answer ${id}` }] });

async function openAndList(name: string, text: string): Promise<{ info: Awaited<ReturnType<Engine['openSources']>>[number]; ids: string[] }> {
  const path = join(folder, name);
  writeFileSync(path, text);
  const [info] = await engine.openSources([path], { format: 'sharegpt' });
  const rows = Array.from({ length: engine.index.count }, (_, row) => row).filter((row) => engine.index.sourceOf(row) === info.id);
  return { info, ids: rows.map((row) => engine.index.row(row).id ?? '') };
}

describe('a record longer than the reader holds', () => {
  it('is read again on its own in JSON Lines, its neighbours and a broken line after it unaffected', async () => {
    const huge = hugeRecord('huge');
    const lines = [small('a'), huge, small('b')].map((record) => JSON.stringify(record));
    const { info, ids } = await openAndList('huge.jsonl', `${lines.join('\n')}\n{"id": "broken", \n${JSON.stringify(small('c'))}\n`);
    expect(ids).toEqual(['a', 'huge', 'b', 'c']);
    expect(info).toMatchObject({ records: 4, errorCount: 1 });
    expect(info.errors[0]).toMatchObject({ line: 4 });
    const record = await engine.readRecord(`${info.keyPrefix}:huge`);
    expect(record.conversation.turns[1].text).toBe((huge.conversations as { value: string }[])[1].value);
  });

  it('is read again on its own in a one-line array and in a sequence of objects', async () => {
    const huge = hugeRecord('huge');
    const array = await openAndList('huge.json', JSON.stringify([small('a'), huge, small('b')]));
    expect(array.ids).toEqual(['a', 'huge', 'b']);
    expect(array.info.errorCount).toBe(0);
    const values = await openAndList('huge-values.json', [small('a'), huge, huge, small('b')].map((record) => JSON.stringify(record, null, 1)).join('\n'));
    expect(values.ids).toEqual(['a', 'huge', 'huge', 'b']);
    expect(values.info.errorCount).toBe(0);
  });

  it('a huge record that is the whole file, then cut short, is one located problem', async () => {
    const text = JSON.stringify(hugeRecord('huge'));
    const { info, ids } = await openAndList('cut.jsonl', `${JSON.stringify(small('a'))}\n${text.slice(0, -10)}\n`);
    expect(ids).toEqual(['a']);
    expect(info.errors).toHaveLength(1);
    expect(info.errors[0]).toMatchObject({ line: 2, offset: JSON.stringify(small('a')).length + 1 });
    expect(info.errors[0].message).toMatch(/not valid JSON/);
  });
});
