import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import type { SourceInfo } from '../../../../electron/engine/types';
import { SourceOpenError } from '../../../../electron/engine/sources/expand-paths';
import { dataFile, DATA_DIR } from '../../../helpers/data';
import { NOT_CONVERSATION_FILES, SOURCE_FACTS } from '../../shared/formats/data-values';
import { describeWithData, itWithData } from '../../../helpers/with-data';

const engine = new Engine({ workers: 2 });
afterAll(() => engine.dispose());
const scratch = mkdtempSync(join(tmpdir(), 'agentmix-engine-'));

/** Opens one file in a fresh engine state and returns its info. */
async function openOne(path: string, options = {}): Promise<SourceInfo> {
  const [info] = await engine.openSources([path], options);
  return info;
}

/** Every conversation or trajectory file of ../shared/data: format, records (SOURCES.md), role (tests/unit/shared/formats/data-values.ts). */
const CONVERSATION_FILES = Object.entries(SOURCE_FACTS).map(([file, fact]) => [file, fact.format, fact.records, fact.role, fact.keyed === true] as const);

/** Tasks where SOURCES.md gives them. */
const TASKS: Record<string, Record<string, number>> = {
  'agentinstruct-adp-samples/agenttuning_os/sample_raw.json': { os: 5 },
  'agentinstruct-val200-messages/val_set_200.json': { db: 54, alfworld: 39, webshop: 38, kg: 29, os: 23, mind2web: 17 },
  'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json': { webshop: 50 },
  'eto-sample/sample_raw.json': { webshop: 3 },
  'agentbench-run-outputs/gemini-2.0/medagentbench-std/runs.jsonl': { 'medagentbench-std': 46 },
  'adp-agentinstruct-std/agenttuning_kg/sample_std.json': { kg: 5 },
  'fastchat-sharegpt/dummy_conversation.json': {},
};

describe('Engine on the real data', () => {
  itWithData.each(CONVERSATION_FILES)('%s reads as %s with %i records, role %s', async (file, format, records, role, keyed) => {
    const info = await openOne(dataFile(file));
    expect(info).toMatchObject({ format, records, elements: records, role, errorCount: 0 });
    if (TASKS[file] !== undefined) expect(info.tasks).toEqual(TASKS[file]);
    expect(info.keyed === true).toBe(keyed);
    expect(info.roleReason).toBeTruthy();
    expect(info.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(info.keyPrefix).toBe(info.hash.slice(0, 8));
  });

  itWithData('reads a keyed container with each key as its record id, and reads records back by that key', async () => {
    const file = Object.keys(SOURCE_FACTS).find((path) => path.startsWith('fireact-more/trajs/')) as string;
    const info = await openOne(dataFile(file));
    const text = readFileSync(dataFile(file), 'utf8');
    const parsed = JSON.parse(text) as Record<string, { reward: boolean }>;
    // In file order (Object.keys would put integer-like keys in numeric order): the pretty-printed members at two spaces.
    const keys = [...text.matchAll(/^ {2}"([^"]+)": \{/gm)].map((match) => match[1]);
    expect(keys).toHaveLength(465);
    const rows = Array.from({ length: engine.index.count }, (_, row) => row).filter((row) => engine.index.sourceOf(row) === info.id);
    expect(rows.map((row) => engine.index.idOf(row))).toEqual(keys);
    const record = await engine.readRecord(`${info.keyPrefix}:${keys[7]}`);
    expect(JSON.parse(record.text)).toEqual(parsed[keys[7]]);
    expect(record.conversation.id).toBe(keys[7]);
    expect(record.conversation.reward).toBe(parsed[keys[7]].reward ? 1 : 0);
    expect(rows.filter((row) => engine.index.row(row).reward === 1)).toHaveLength(200);
  });

  itWithData('counts what cannot train by kind, repairs and repeated ids as one finding each, and says why a source is agent', async () => {
    const nat = await openOne(dataFile('nat-negative-trajectories/strategyqa_gpt-3.5_negative.json'));
    expect(nat.errorCount).toBe(0);
    expect(nat.findings.map((finding) => [finding.kind, finding.severity, finding.count])).toEqual([
      ['assistant-first', 'problem', 1256],
      ['repeated-id', 'problem', 614],
      ['no-turns', 'problem', 7],
    ]);
    expect(nat.findings[1].examples[0]).toMatchObject({ record: 4, repeats: 3 });
    expect(nat.findings[1].message).toMatch(/^614 of 1263 records repeat the id of an earlier record/);
    expect(nat.roleReason).toMatch(/carry a run's outcome/);
    const mlenergy = await openOne(dataFile('sharegpt90k-firstturn-mlenergy/sg_90k_part1_html_cleaned_lang_first_sampled_sorted.json'));
    expect(Object.fromEntries(mlenergy.findings.map((finding) => [finding.kind, finding.count]))).toEqual({ 'no-assistant': 2958, 'assistant-first': 4, 'only-system': 16 });
    const split = await openOne(dataFile('sharegpt92k-single-objects/sample_data/0AQp27B_1.json'));
    expect(split.findings).toMatchObject([{ kind: 'leading-assistant-dropped', severity: 'repair', count: 1 }]);
    expect(split.turns).toEqual({ min: 2, mean: 2, max: 2 });
    const glaive = await openOne(dataFile('llamafactory-formats/glaive_toolcall_en_demo.json'));
    expect(glaive).toMatchObject({ role: 'agent', roleReason: '51% of the records make tool calls' });
    expect(glaive.roleNames).toEqual({ human: 746, gpt: 746, function_call: 211, observation: 211 });
  });

  itWithData('counts loss flags and turns of the native AgentInstruct file as SOURCES.md says', async () => {
    const info = await openOne(dataFile('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json'));
    expect(info.loss).toEqual({ true: 274, false: 50, null: 324 });
    expect(info.turns.min).toBeGreaterThanOrEqual(2);
  });

  itWithData('explains the evaluation sets and the ToolBench file instead of reading them', async () => {
    const infos = await engine.openSources([dataFile('agentbench-old-testsets'), dataFile('webshop-human-goals'), dataFile('toolbench-sample')]);
    expect(infos).toHaveLength(25 + 1 + 1); // AgentBench: 17 OS files, 2 each for db, kg, alfworld, mind2web
    for (const info of infos) {
      expect(info.format).toBeNull();
      expect(info.records).toBe(0);
      expect(info.notConversations).toBeTruthy();
    }
    expect(infos.find((info) => info.path.endsWith('human_goals.json'))?.elements).toBe(12087);
    expect(infos.find((info) => info.path.endsWith('standard.jsonl'))?.elements).toBe(300);
    expect(infos.find((info) => info.path.includes('toolbench'))?.notConversations).toMatch(/ToolBench/);
  });

  itWithData('reads a whole folder, one source per shard', async () => {
    const infos = await engine.openSources([DATA_DIR]);
    // Tests name the files they know; a file added to the folder later must not fail this one.
    for (const [file, format, records, role] of CONVERSATION_FILES) {
      const info = infos.find((candidate) => candidate.path === dataFile(file));
      expect(info, file).toMatchObject({ format, records, role, errorCount: 0 });
    }
    for (const [file, { what }] of Object.entries(NOT_CONVERSATION_FILES)) {
      const info = infos.find((candidate) => candidate.path === dataFile(file));
      expect(info?.notConversations, file).toContain(what);
      expect(info?.records, file).toBe(0);
    }
    expect(new Set(infos.map((info) => info.path)).size).toBe(infos.length);
  });

  itWithData('reads records back by key, byte-exact, and keys by id or by ordinal', async () => {
    const path = dataFile('fastchat-sharegpt/dummy_conversation.json');
    const info = await openOne(path);
    const parsed = JSON.parse(readFileSync(path, 'utf8')) as { id: string }[];
    const rows = Array.from({ length: engine.index.count }, (_, row) => row).filter((row) => engine.index.sourceOf(row) === info.id);
    expect(rows).toHaveLength(500);
    const last = rows[499];
    const key = engine.keyOf(last);
    expect(key).toBe(`${info.keyPrefix}:${parsed[499].id}`);
    const record = await engine.readRecord(key);
    expect(JSON.parse(record.text)).toEqual(parsed[499]);
    expect(record.ordinal).toBe(499);
    expect(record.conversation.turns.length).toBe(engine.index.row(last).turns);
    expect(engine.index.row(last).firstUserText.length).toBeGreaterThan(0);
    await expect(engine.readRecord(`${info.keyPrefix}:no-such-id`)).rejects.toThrow(/no open source has the record/);
  });

  itWithData('closes a source: its rows leave the index and later sources still resolve their keys', async () => {
    const first = await openOne(dataFile('sharegpt-real-dialogstudio/original_example.json'));
    const second = await openOne(dataFile('eto-sample/sample_raw.json'));
    const before = engine.index.count;
    engine.closeSource(first.id);
    expect(engine.index.count).toBe(before - 5);
    expect(engine.listSources().some((source) => source.id === first.id)).toBe(false);
    const row = engine.index.count - 1;
    expect(engine.index.sourceOf(row)).toBe(second.id);
    // The same file opened twice shares its key prefix: either copy may answer, with the same record.
    const key = engine.keyOf(row);
    await expect(engine.readRecord(key)).resolves.toMatchObject({ key, ordinal: 2 });
  });

  it('rejects a path that cannot be opened before reading anything', async () => {
    await expect(engine.openSources([join(scratch, 'missing.json')])).rejects.toBeInstanceOf(SourceOpenError);
  });

  it('stops on abort and keeps nothing of the aborted source', async () => {
    const before = engine.index.count;
    const controller = new AbortController();
    controller.abort();
    await expect(engine.openSources([dataFile('fastchat-sharegpt/dummy_conversation.json')], {}, { signal: controller.signal })).rejects.toThrow();
    expect(engine.index.count).toBe(before);
  });

  itWithData('reports progress in bytes', async () => {
    const events: number[] = [];
    await engine.openSources([dataFile('fastchat-sharegpt/dummy_conversation.json')], {}, { onProgress: (progress) => events.push(progress.done / progress.total) });
    expect(events.at(-1)).toBe(1);
  });

  itWithData('honours --format and --role overrides', async () => {
    const info = await openOne(dataFile('agentinstruct-adp-samples/agenttuning_os/sample_raw.json'), { role: 'general' });
    expect(info.role).toBe('general');
    const forced = await openOne(dataFile('fastchat-sharegpt/dummy_conversation.json'), { format: 'openai' });
    expect(forced.format).toBe('openai');
    expect(forced.records).toBe(0);
    expect(forced.errorCount).toBe(500);
    expect(forced.errors).toHaveLength(100);
    expect(forced.errors[0].message).toMatch(/the record \(id "identity_0"\) is not valid openai: messages/);
  });
});

describeWithData('Engine on large and odd layouts', () => {
  it('gives the same records with tiny chunks (records cut across many chunk boundaries)', async () => {
    const small = new Engine({ workers: 1, chunkBytes: 97 });
    try {
      for (const file of ['fastchat-sharegpt/dummy_conversation.json', 'fireact-trajectories/hotpotqa.jsonl', 'agentinstruct-adp-samples/agenttuning_kg/sample_raw.json']) {
        const [chunked] = await small.openSources([dataFile(file)]);
        const whole = await openOne(dataFile(file));
        expect({ ...chunked, id: 0 }).toEqual({ ...whole, id: 0 });
      }
      const key = small.keyOf(small.index.count - 1);
      expect((await small.readRecord(key)).conversation.turns.length).toBeGreaterThan(0);
    } finally {
      await small.dispose();
    }
  });

  it('gives the same sources whether workers scan pieces of an array or this thread scans it', async () => {
    const here = new Engine({ workers: 2, scanInWorkers: false, chunkBytes: 4096 });
    const pieces = new Engine({ workers: 2, chunkBytes: 4096 });
    try {
      for (const file of ['fastchat-sharegpt/dummy_conversation.json', 'webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json', 'llamafactory-formats/glaive_toolcall_en_demo.json']) {
        const [a] = await here.openSources([dataFile(file)]);
        const [b] = await pieces.openSources([dataFile(file)]);
        expect(b).toEqual(a);
      }
      const text = readFileSync(dataFile('fastchat-sharegpt/dummy_conversation.json'), 'utf8');
      const broken = join(scratch, 'broken-pieces.json');
      // Two broken elements, far apart, so that they fall in different pieces.
      writeFileSync(broken, text.replace('"id": "identity_40"', '"id": "identity_40" "x": 1').replace('"id": "identity_400",', '"id": "identity_400",,'));
      const [a] = await here.openSources([broken]);
      const [b] = await pieces.openSources([broken]);
      expect(b).toEqual(a);
      expect(a.errorCount).toBe(2);
      expect(a.records).toBe(498);
      for (let row = 0; row < here.index.count; row++) expect(pieces.index.row(row)).toEqual(here.index.row(row));
    } finally {
      await here.dispose();
      await pieces.dispose();
    }
  });

  it('reads valid JSON whose indentation changes mid-file (a turn at the element indentation) without losing a record', async () => {
    const records = JSON.parse(readFileSync(dataFile('fastchat-sharegpt/dummy_conversation.json'), 'utf8')) as unknown[];
    const pretty = JSON.stringify(records, null, 2).split('\n');
    // Re-indent the first turn of record 300 to the element indentation ("  {"), as a hand edit might.
    const at = pretty.findIndex((line) => line.includes('"id": "identity_300"')) + 2;
    expect(pretty[at]).toBe('      {');
    pretty[at] = '  {';
    const odd = join(scratch, 'odd-indent.json');
    writeFileSync(odd, pretty.join('\n'));
    const small = new Engine({ workers: 2, chunkBytes: 8192 });
    try {
      const [info] = await small.openSources([odd]);
      expect(info).toMatchObject({ records: 500, errorCount: 0 });
    } finally {
      await small.dispose();
    }
  });

  it('reads a single pretty-printed object and JSON Lines with a BOM and CRLF', async () => {
    const record = (JSON.parse(readFileSync(dataFile('eto-sample/sample_raw.json'), 'utf8')) as unknown[])[0];
    const single = join(scratch, 'single.json');
    writeFileSync(single, JSON.stringify(record, null, 2));
    expect(await openOne(single)).toMatchObject({ container: 'object', records: 1, format: 'agentinstruct', errorCount: 0 });
    const lines = readFileSync(dataFile('fireact-trajectories/hotpotqa.jsonl'), 'utf8').trimEnd().split('\n');
    const crlf = join(scratch, 'bom-crlf.jsonl');
    writeFileSync(crlf, `\ufeff${lines.join('\r\n')}\r\n`);
    expect(await openOne(crlf)).toMatchObject({ container: 'jsonl', records: 500, format: 'openai', errorCount: 0 });
  });

  it('keeps every other record when one element in the middle of a real array is broken', async () => {
    const text = readFileSync(dataFile('fastchat-sharegpt/dummy_conversation.json'), 'utf8');
    const parsed = JSON.parse(text) as { id: string }[];
    // Plant a mutation: drop the closing quote of record 250's id.
    const needle = `"${parsed[250].id}"`;
    const at = text.indexOf(needle);
    const broken = join(scratch, 'broken-middle.json');
    writeFileSync(broken, text.slice(0, at) + needle.slice(0, -1) + text.slice(at + needle.length));
    const info = await openOne(broken);
    expect(info.records).toBe(499);
    expect(info.errorCount).toBe(1);
    const elementStart = text.lastIndexOf('{', text.lastIndexOf('{', at));
    expect(info.errors[0].line).toBe(text.slice(0, elementStart).split('\n').length);
  });
});
