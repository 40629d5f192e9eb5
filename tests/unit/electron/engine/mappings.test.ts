import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { expandPath } from '../../../../electron/engine/sources/expand-paths';
import { applyMapping, getFormat, mappingSchema } from '../../../../shared/formats/index';
import { suggestMapping } from '../../../../shared/formats/mapping-suggestion';
import { REPO_ROOT } from '../../../helpers/data';

const engine = new Engine({ workers: 1 });
afterAll(() => engine.dispose());
const scratch = mkdtempSync(join(tmpdir(), 'agentmix-mapping-'));

/** Records in layouts no reader knows, written for these tests. */
const QA = [
  { qid: 'q1', question: 'How many legs has a spider?', answer: 'Eight.', topic: 'animals' },
  { qid: 'q2', question: 'What colour is the sky at noon?', answer: 'Blue, on a clear day.', topic: 'weather' },
];
const DIALOGS = [
  { dialog: [{ speaker: 'customer', utterance: 'My parcel is late.' }, { speaker: 'clerk', utterance: 'I am sorry; let me look it up.' }], uid: 7 },
  { dialog: [{ speaker: 'note', utterance: 'Be brief.' }, { speaker: 'customer', utterance: 'Is the shop open?' }, { speaker: 'clerk', utterance: 'Until six.' }], uid: 8 },
];
const DIALOG_MAPPING = mappingSchema.parse({
  formatting: 'sharegpt',
  columns: { messages: 'dialog', id: 'uid' },
  tags: { role_tag: 'speaker', content_tag: 'utterance', user_tag: 'customer', assistant_tag: 'clerk', system_tag: 'note' },
});

describe('mappings', () => {
  it('rewrites Alpaca-like records through columns and reads them as alpaca', () => {
    const mapping = mappingSchema.parse({ columns: { prompt: 'question', response: 'answer', id: 'qid' } });
    const read = getFormat('alpaca').read(QA[0], { mapping });
    expect(read.ok && read.conversation).toMatchObject({ id: 'q1', turns: [{ role: 'user', text: QA[0].question }, { role: 'assistant', text: 'Eight.' }] });
    // The raw record is the rewritten one, the fields no column names kept.
    expect(read.ok && read.conversation.raw).toEqual({ topic: 'animals', instruction: QA[0].question, output: 'Eight.', id: 'q1' });
  });

  it('maps turns by their tags, the system tag to a system turn, and says which turn does not fit', () => {
    const read = getFormat('sharegpt').read(DIALOGS[1], { mapping: DIALOG_MAPPING });
    expect(read.ok && read.conversation.turns.map((turn) => [turn.role, turn.text])).toEqual([['system', 'Be brief.'], ['user', 'Is the shop open?'], ['assistant', 'Until six.']]);
    const odd = { dialog: [{ speaker: 'customer', utterance: 'Hi' }, { speaker: 'robot', utterance: 'Hello' }] };
    expect(applyMapping(odd, DIALOG_MAPPING)).toEqual({ ok: false, message: expect.stringContaining('dialog[1].speaker: expected one of the mapping\'s tags "customer", "clerk"') });
    expect(applyMapping({ talk: [] }, DIALOG_MAPPING)).toEqual({ ok: false, message: expect.stringContaining('mapping column messages "dialog": expected a list of turns; found no such field') });
    expect(applyMapping(QA[0], mappingSchema.parse({ columns: { prompt: 'prompt' } }))).toEqual({ ok: false, message: expect.stringContaining('mapping column prompt "prompt": the record has no such field') });
  });

  it('takes OpenAI names by default for the openai formatting', () => {
    const mapping = mappingSchema.parse({ formatting: 'openai', columns: { messages: 'chat' } });
    const read = getFormat('sharegpt').read({ chat: [{ role: 'user', content: 'ping' }, { role: 'assistant', content: 'pong' }] }, { mapping });
    expect(read.ok && read.conversation.turns.map((turn) => turn.role)).toEqual(['user', 'assistant']);
  });

  it('suggests a mapping from the keys of records no format reads', () => {
    expect(suggestMapping(DIALOGS)).toEqual({
      formatting: 'sharegpt',
      columns: { messages: 'dialog' },
      tags: { role_tag: 'speaker', content_tag: 'utterance', user_tag: 'customer', assistant_tag: 'clerk' },
    });
    expect(suggestMapping(QA)).toEqual({ formatting: 'alpaca', columns: { prompt: 'question', response: 'answer' }, tags: {} });
    expect(suggestMapping([{ url: 'https://example.org', clicks: 3 }])).toBeNull();
  });

  it('a recipe-style mapping on open: every record read, the mapping in the source info, odd records problems', async () => {
    const path = join(scratch, 'dialogs.jsonl');
    writeFileSync(path, [...DIALOGS, { dialog: [{ speaker: 'robot', utterance: 'beep' }] }].map((record) => JSON.stringify(record)).join('\n') + '\n');
    const [info] = await engine.openSources([path], { mapping: DIALOG_MAPPING });
    expect(info).toMatchObject({ format: 'sharegpt', records: 2, errorCount: 1, mapping: DIALOG_MAPPING });
    expect(info.errors[0]).toMatchObject({ line: 3, message: expect.stringContaining('dialog[0].speaker') });
    const record = await engine.readRecord(`${info.keyPrefix}:8`);
    expect(record.conversation.turns.map((turn) => turn.text)).toEqual(['Be brief.', 'Is the shop open?', 'Until six.']);
  });

  it('without a mapping, such a file is explained and a mapping suggested', async () => {
    const path = join(scratch, 'qa.json');
    writeFileSync(path, JSON.stringify(QA));
    const [info] = await engine.openSources([path]);
    expect(info.format).toBeNull();
    expect(info.notConversations).toMatch(/records have keys qid, question, answer, topic/);
    expect(info.suggestedMapping).toEqual({ formatting: 'alpaca', columns: { prompt: 'question', response: 'answer' }, tags: {} });
  });
});

describe('dataset_info.json', () => {
  const folder = join(scratch, 'llamafactory');
  mkdirSync(join(folder, 'parts'), { recursive: true });
  writeFileSync(join(folder, 'qa.json'), JSON.stringify(QA));
  writeFileSync(join(folder, 'parts', 'a.jsonl'), JSON.stringify(DIALOGS[0]) + '\n');
  writeFileSync(join(folder, 'parts', 'b.jsonl'), JSON.stringify(DIALOGS[1]) + '\n');
  writeFileSync(join(folder, 'other.json'), JSON.stringify([{ conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: 'hello' }] }]));
  writeFileSync(join(folder, 'dataset_info.json'), JSON.stringify({
    quiz: { file_name: 'qa.json', columns: { prompt: 'question', response: 'answer' } },
    desk: { file_name: 'parts', formatting: 'sharegpt', columns: { messages: 'dialog' }, tags: { role_tag: 'speaker', content_tag: 'utterance', user_tag: 'customer', assistant_tag: 'clerk', system_tag: 'note' } },
    hub_only: { hf_hub_url: 'someone/some-set' },
    prefs: { file_name: 'qa.json', ranking: true },
    escape: { file_name: '../outside.json' },
    missing: { file_name: 'gone.json' },
  }, null, 2));

  it('opens as its datasets, each through its mapping; the files it names are not read twice; the rest are problems', async () => {
    const entries = await expandPath(folder);
    expect(entries.map((entry) => [entry.path.slice(folder.length + 1), entry.options?.dataset ?? null, entry.unreadable === undefined])).toEqual([
      ['', null, false],
      ['', null, false],
      ['gone.json', null, false],
      ['other.json', null, true],
      ['parts/a.jsonl', 'desk', true],
      ['parts/b.jsonl', 'desk', true],
      ['qa.json', 'quiz', true],
      ['qa.json', null, false],
    ]);
    const infos = await engine.openSources([join(folder, 'dataset_info.json')]);
    const byName = new Map(infos.map((info) => [info.dataset ?? info.path, info]));
    expect(byName.get('quiz')).toMatchObject({ format: 'alpaca', records: 2, errorCount: 0, mapping: { formatting: 'alpaca' } });
    expect(byName.get('desk')).toMatchObject({ format: 'sharegpt', records: 1, errorCount: 0 });
    const problems = infos.filter((info) => info.container === 'unreadable').map((info) => info.notConversations);
    expect(problems).toEqual(expect.arrayContaining([
      expect.stringMatching(/dataset "hub_only" of dataset_info.json is not read: it is not a local file \(hf_hub_url "someone\/some-set"\)/),
      expect.stringMatching(/dataset "prefs" of dataset_info.json is a ranking dataset/),
      expect.stringMatching(/dataset "escape" of dataset_info.json is not read: its file_name "..\/outside.json" is outside the folder/),
      expect.stringMatching(/dataset "missing" of .*dataset_info.json: its file_name cannot be opened: no such file or folder/),
    ]));
    expect(infos).toHaveLength(7);
  });

  it('a dataset_info.json that is not one is one problem', async () => {
    const bad = join(scratch, 'broken');
    mkdirSync(bad);
    writeFileSync(join(bad, 'dataset_info.json'), '{"a": ');
    const [info] = await engine.openSources([join(bad, 'dataset_info.json')]);
    expect(info).toMatchObject({ container: 'unreadable', notConversations: expect.stringMatching(/is not a dataset_info.json LLaMA-Factory can read/) });
  });
});

describe('agentmix run with mapped sources', () => {
  it('judges and exports the records of a recipe source with a mapping and of a dataset_info.json', () => {
    const folder = mkdtempSync(join(tmpdir(), 'agentmix-mapped-run-'));
    writeFileSync(join(folder, 'dialogs.jsonl'), DIALOGS.map((record) => JSON.stringify(record)).join('\n') + '\n');
    mkdirSync(join(folder, 'lf'));
    writeFileSync(join(folder, 'lf', 'qa.json'), JSON.stringify(QA));
    writeFileSync(join(folder, 'lf', 'dataset_info.json'), JSON.stringify({ quiz: { file_name: 'qa.json', columns: { prompt: 'question', response: 'answer' } } }));
    const recipe = join(folder, 'mapped.recipe.json');
    writeFileSync(recipe, JSON.stringify({
      sources: [{ path: 'dialogs.jsonl', mapping: { formatting: 'sharegpt', columns: { messages: 'dialog', id: 'uid' }, tags: DIALOG_MAPPING.tags } }, { path: 'lf/dataset_info.json' }],
      dedup: { enabled: false },
      mix: { agentShare: 0 },
      export: { format: 'openai', out: join(folder, 'mix.jsonl') },
    }));
    const run = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), 'run', recipe, '--verdicts', join(folder, 'verdicts.jsonl'), '--workers', '1'], { encoding: 'utf8', timeout: 120_000 });
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const verdicts = readFileSync(join(folder, 'verdicts.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { source: string });
    expect(verdicts.map((line) => line.source.slice(folder.length + 1))).toEqual(['dialogs.jsonl', 'dialogs.jsonl', 'lf/qa.json', 'lf/qa.json']);
    const exported = readFileSync(join(folder, 'mix.jsonl'), 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { messages: { role: string; content: string }[] });
    expect(exported.map((record) => record.messages.map((message) => message.content))).toEqual(expect.arrayContaining([
      ['Be brief.', 'Is the shop open?', 'Until six.'],
      [QA[1].question, QA[1].answer],
    ]));
  }, 120_000);
});
