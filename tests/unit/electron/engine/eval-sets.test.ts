import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { AGENTBENCH_EVAL_SETS, loadEvalSet, loadEvalSets } from '../../../../electron/engine/eval-sets';
import { DATA_DIR } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

describeWithData('AgentBench defaults on the real test sets', () => {
  it('loads os 144 (lists and single objects, dev.json left out), db 300, kg 150, webshop 500', async () => {
    const sets = await loadEvalSets(AGENTBENCH_EVAL_SETS, DATA_DIR);
    expect(sets.map((set) => [set.name, set.items.length, set.problems.length])).toEqual([
      ['os', 144, 0],
      ['db', 300, 0],
      ['kg', 150, 0],
      ['webshop', 500, 0],
    ]);
    const os = sets[0];
    expect(os.files.some((file) => file.endsWith('dev.json'))).toBe(false);
    expect(os.files.some((file) => file.endsWith('N11.json'))).toBe(true);
    expect(os.items.find((item) => item.text.startsWith('How many hidden files, which do not contain the character u'))).toBeDefined();
    expect(sets[2].items[0].text).toBe('what is the attitude of the first dog and the german shepherds?');
    expect(sets[3].items[0]).toEqual({ set: 'webshop', index: 0, text: 'i need a long clip-in hair extension which is natural looking' });
    expect(sets[3].items[499].index).toBe(499);
  });

  it('reads dev.json too when nothing is excluded (so the exclusion is what keeps it out)', async () => {
    const all = await loadEvalSet({ ...AGENTBENCH_EVAL_SETS[0], exclude: [] }, DATA_DIR);
    expect(all.items.length).toBe(144 + 26);
  });
});

describeWithData('evaluation sets with nested text, through field paths', () => {
  it("reads BFCL's question lists of messages (question[][].content), JSON Lines in a .json file", async () => {
    const simple = await loadEvalSet({ name: 'bfcl-simple', path: 'bfcl-testsets/BFCL_v4_simple_python.json', fields: ['question[][].content'] }, DATA_DIR);
    expect([simple.items.length, simple.problems.length]).toEqual([400, 0]);
    const multi = await loadEvalSet({ name: 'bfcl-multi', path: 'bfcl-testsets/BFCL_v4_multi_turn_base.json', fields: ['question[][].content'] }, DATA_DIR);
    expect([multi.items.length, multi.problems.length]).toEqual([200, 0]);
    // A multi-turn item joins the user messages of all its turns with a blank line: 197 of the 200 have more
    // than one, and one single message holds a blank line of its own.
    expect(multi.items.filter((item) => item.text.includes('\n\n'))).toHaveLength(198);
    // Without the path, the nested text is not found: every item is a problem.
    const flat = await loadEvalSet({ name: 'bfcl-flat', path: 'bfcl-testsets/BFCL_v4_simple_python.json', fields: ['question'] }, DATA_DIR);
    expect(flat.items).toHaveLength(0);
  });
});

describe('problems are values with file and line', () => {
  const folder = mkdtempSync(join(tmpdir(), 'eval-sets-'));
  writeFileSync(join(folder, 'bad.jsonl'), '{"question": "first good question here"}\n{"question": broken\n\n{"other": "no text field"}\n{"question": "last one"}\n');
  writeFileSync(join(folder, 'broken.json'), '[\n  {"description": "a"},\n  {"description": }\n]');
  mkdirSync(join(folder, 'nested', 'deeper'), { recursive: true });
  writeFileSync(join(folder, 'nested', 'deeper', 'one.json'), '{"description": "a single object file"}');
  writeFileSync(join(folder, 'nested', 'notes.txt'), 'not read');

  it('reports a bad JSONL line and an item without the field, and keeps the rest', async () => {
    const set = await loadEvalSet({ name: 'x', path: 'bad.jsonl', fields: ['question'] }, folder);
    expect(set.items.map((item) => [item.index, item.text])).toEqual([
      [0, 'first good question here'],
      [2, 'last one'],
    ]);
    expect(set.problems).toHaveLength(2);
    expect(set.problems[0]).toMatchObject({ line: 2, offset: 41 });
    expect(set.problems[0].message).toMatch(/not valid JSON/);
    expect(set.problems[1]).toMatchObject({ line: 4, record: 1 });
    expect(set.problems[1].message).toMatch(/"question"/);
  });

  it('reports the broken element of a JSON file at its line, and reads the others', async () => {
    const set = await loadEvalSet({ name: 'y', path: 'broken.json', fields: ['description'] }, folder);
    expect(set.items.map((item) => item.text)).toEqual(['a']);
    expect(set.problems[0]).toMatchObject({ line: 3, offset: 44 });
    expect(set.problems[0].message).toMatch(/expected a value/);
    expect(set.problems[0].file).toBe(join(folder, 'broken.json'));
  });

  it('reads folders recursively (json and jsonl only), applies a range, and reports a missing path', async () => {
    const set = await loadEvalSet({ name: 'z', path: '.', fields: ['description', 'question'], exclude: ['broken.json'], range: { start: 1, end: 3 } }, folder);
    expect(set.files.map((file) => file.slice(folder.length + 1))).toEqual(['bad.jsonl', 'nested/deeper/one.json']);
    expect(set.items.map((item) => item.index)).toEqual([2]);
    const missing = await loadEvalSet({ name: 'm', path: 'nowhere.json' }, folder);
    expect(missing.items).toHaveLength(0);
    expect(missing.problems[0].message).toMatch(/no file or folder/);
  });

  it('rejects a spec that does not parse', async () => {
    await expect(loadEvalSet({ name: '', path: 'x' }, folder)).rejects.toThrow();
  });
});
