import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { REPO_ROOT } from '../../../helpers/data';

/** Bad input written by the project (tests/fixtures/SOURCES.md). */
const FIXTURES = join(REPO_ROOT, 'tests/fixtures/bad-input');
const engine = new Engine({ workers: 1 });
afterAll(() => engine.dispose());

/** Opens a fixture; returns its info and its bytes. */
async function open(name: string): Promise<{ info: Awaited<ReturnType<Engine['openSources']>>[number]; text: string }> {
  const path = join(FIXTURES, name);
  const [info] = await engine.openSources([path]);
  return { info, text: readFileSync(path, 'latin1') };
}

/** 1-based line of byte `offset` in `text` (read as latin1, one character per byte). */
function lineOf(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

describe('bad input: every problem has file, line, offset and an actionable message, and no other record is lost', () => {
  it('a truncated last line', async () => {
    const { info, text } = await open('truncated-last-line.jsonl');
    expect(info).toMatchObject({ records: 2, elements: 3, errorCount: 1 });
    const [problem] = info.errors;
    expect(problem).toMatchObject({ file: join(FIXTURES, 'truncated-last-line.jsonl'), line: 3, record: 2 });
    expect(problem.offset).toBe(text.lastIndexOf('\n') + 1);
    expect(problem.message).toMatch(/not valid JSON.*cut short \(a truncated line or file\?\)/);
  });

  it('a broken element in the middle of an array (reported at the line where it starts)', async () => {
    const { info, text } = await open('broken-element.json');
    expect(info).toMatchObject({ records: 3, errorCount: 1 });
    const [problem] = info.errors;
    const elementStart = text.lastIndexOf('{', text.indexOf('"id": "identity_5"'));
    expect(problem.offset).toBe(elementStart);
    expect(problem.line).toBe(lineOf(text, elementStart));
    // The parser stops at the key after the id, which lacks its comma.
    const stop = text.indexOf('"conversations"', elementStart);
    expect(problem.message).toMatch(new RegExp(`not valid JSON: expected ',' or '\\}' after a value in an object but found '"' at byte ${stop}, 2 lines below where the element starts`));
    const ids = await Promise.all(Array.from({ length: engine.index.count }, (_, row) => row).filter((row) => engine.index.sourceOf(row) === info.id).map((row) => engine.index.row(row).id));
    expect(ids).toEqual(['identity_4', 'identity_6', 'identity_7']);
  });

  it('invalid UTF-8', async () => {
    const { info, text } = await open('invalid-utf8.jsonl');
    expect(info).toMatchObject({ records: 2, elements: 3, errorCount: 1 });
    const [problem] = info.errors;
    expect(problem).toMatchObject({ line: 2, record: 1, offset: text.indexOf('\n') + 1 });
    expect(problem.message).toMatch(new RegExp(`not valid UTF-8: byte 0xe9 at byte ${text.indexOf('\u00e9')} does not start a UTF-8 character.*another encoding`));
  });

  it('a record that fails the schema (naming the field)', async () => {
    const { info, text } = await open('schema-failure.json');
    expect(info).toMatchObject({ format: 'sharegpt', records: 2, elements: 3, errorCount: 1 });
    const [problem] = info.errors;
    expect(problem.line).toBe(lineOf(text, problem.offset));
    expect(text.slice(problem.offset, problem.offset + 1)).toBe('{');
    expect(problem.message).toMatch(/the record \(id "identity_9"\) is not valid sharegpt: conversations\[1\]\.from: .*"bot"/);
  });

  it('an empty file', async () => {
    const { info } = await open('empty.json');
    expect(info).toMatchObject({ container: 'empty', records: 0, format: null, errorCount: 1 });
    expect(info.errors[0]).toMatchObject({ line: 1, offset: 0 });
    expect(info.errors[0].message).toMatch(/the file is empty: expected a JSON array, JSON Lines/);
  });

  it('a file that is not JSON at all', async () => {
    const { info } = await open('not-json.json');
    expect(info).toMatchObject({ container: 'not-json', records: 0, format: null, errorCount: 1 });
    expect(info.errors[0]).toMatchObject({ line: 1, offset: 0 });
    expect(info.errors[0].message).toMatch(/not JSON: the file starts with 'i'; expected '\['/);
  });

  it('a duplicate id within a source (both kept, keyed by ordinal)', async () => {
    const { info, text } = await open('duplicate-id.jsonl');
    // One summary finding with a count and the first examples, not a problem line per repeat.
    expect(info).toMatchObject({ records: 3, errorCount: 0 });
    const [finding] = info.findings;
    expect(finding).toMatchObject({ kind: 'repeated-id', severity: 'problem', count: 1 });
    expect(finding.examples).toEqual([{ record: 2, id: 'identity_11', line: 3, offset: text.indexOf('\n', text.indexOf('\n') + 1) + 1, repeats: 0 }]);
    expect(finding.message).toBe('1 of 3 records repeat the id of an earlier record: ids must be unique within a source; all are kept, keyed by their ordinals (#n); first: #2 repeats "identity_11" of #0');
    const rows = Array.from({ length: engine.index.count }, (_, row) => row).filter((row) => engine.index.sourceOf(row) === info.id);
    expect(rows.map((row) => engine.keyOf(row))).toEqual([`${info.keyPrefix}:#0`, `${info.keyPrefix}:identity_12`, `${info.keyPrefix}:#2`]);
    const third = await engine.readRecord(`${info.keyPrefix}:#2`);
    expect(third.text.endsWith('}')).toBe(true);
    expect((third.value as { id: string }).id).toBe('identity_11');
  });
});
