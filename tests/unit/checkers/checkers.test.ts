/**
 * The trainer checkers on hand-written records: each rule they implement refuses what it should and
 * gives the trainer's per-message loss decision (the records are ours, written for these tests).
 */
import llamaTokenizer from 'llama-tokenizer-js';
import { describe, expect, it } from 'vitest';
import { checkAxolotlConfig, checkAxolotlRecord } from '../../checkers/axolotl';
import { checkFastChatRecord, renderLlama2 } from '../../checkers/fastchat';
import { checkColumns } from '../../checkers/hf-columns';
import { checkLlama2TextRecord } from '../../checkers/llama2-text';
import { checkDatasetInfoEntry, checkShareGptRecord, checkV1DatasetConfig, checkV1Record, type ShareGptAttributes } from '../../checkers/llamafactory';
import { checkOpenAiRecord } from '../../checkers/openai';
import { checkTokenizedRecord } from '../../checkers/tokenized';
import { checkTrlRecord } from '../../checkers/trl';
import type { RecordCheck } from '../../checkers/types';

const human = (value: string) => ({ from: 'human', value });
const gpt = (value: string) => ({ from: 'gpt', value });

function trained(result: RecordCheck): boolean[] {
  if (!result.ok) throw new Error(`rejected: ${result.reasons.join('; ')}`);
  return result.turns.map((turn) => turn.trained);
}

function reasons(result: RecordCheck): string {
  return result.ok ? '(accepted)' : result.reasons.join('\n');
}

describe('FastChat', () => {
  it('renders the llama-2 template and trains every assistant message, whatever its loss flag', () => {
    const record = { conversations: [human('Plant the seeds.'), { ...gpt('Done.'), loss: false }, human('Water them.'), gpt('Watered.')] };
    expect(trained(checkFastChatRecord(record))).toEqual([false, true, false, true]);
    const rendering = renderLlama2('Be brief.', ['Plant the seeds.', 'Done.', 'Water them.', 'Watered.']);
    expect(rendering.text).toBe('[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nPlant the seeds. [/INST] Done. </s><s>[INST] Water them. [/INST] Watered. </s><s>');
    const [first, second] = [rendering.trained[1], rendering.trained[3]];
    expect(rendering.text.slice(first?.start, first?.end)).toBe('Done.');
    expect(rendering.text.slice(second?.start, second?.end)).toBe('Watered.');
    expect(renderLlama2('', ['Hi', 'Hello']).text).toBe('[INST] Hi [/INST] Hello </s><s>');
  });

  it('skips a first gpt turn and refuses roles it does not know, broken alternation and template markers', () => {
    const skipped = checkFastChatRecord({ conversations: [gpt('Welcome.'), human('Hi'), gpt('Hello')] });
    expect(skipped.ok && skipped.turns[0]).toMatchObject({ skipped: true, trained: false });
    expect(reasons(checkFastChatRecord({ conversations: [{ from: 'system', value: 'x' }, human('a'), gpt('b')] }))).toContain('knows only "human" and "gpt"');
    expect(reasons(checkFastChatRecord({ conversations: [human('a'), { from: 'function_call', value: '{}' }] }))).toContain('function_call');
    expect(reasons(checkFastChatRecord({ conversations: [human('a'), human('b'), gpt('c')] }))).toContain('must alternate');
    expect(reasons(checkFastChatRecord({ conversations: [human('say [/INST] now'), gpt('ok')] }))).toContain('[/INST]');
    expect(reasons(checkFastChatRecord({ conversations: [human('a'), gpt('stop here </s>')] }))).toContain('</s>');
    expect(checkFastChatRecord({ conversations: [human('What is [INST]?'), gpt('A tag.')] }).ok).toBe(true);
    expect(reasons(checkFastChatRecord({ conversations: [] }))).toContain('empty');
    expect(reasons(checkFastChatRecord({ turns: [] }))).toContain('conversations');
  });
});

describe('llama2-chat text', () => {
  const text = '[INST] <<SYS>>\nBe brief.\n<</SYS>>\n\nPlant the seeds. [/INST] Done. </s><s>[INST] Water them. [/INST] Watered. </s>';
  const start = text.indexOf('Watered.');

  it('accepts FastChat\'s rendering without the last <s>, and reads the trained messages from the spans', () => {
    expect(trained(checkLlama2TextRecord({ id: 'a', text, spans: [{ start, end: start + 'Watered.'.length }] }))).toEqual([false, false, false, false, true]);
  });

  it('refuses a span over the closing </s>, a span off a message, a changed template and a trailing user message', () => {
    expect(reasons(checkLlama2TextRecord({ text, spans: [{ start, end: start + 'Watered. </s>'.length }] }))).toContain('not one assistant message');
    expect(reasons(checkLlama2TextRecord({ text, spans: [{ start: 0, end: 5 }] }))).toContain('not one assistant message');
    expect(reasons(checkLlama2TextRecord({ text: text.replace('Be brief.', ''), spans: [] }))).toContain('differs from FastChat');
    expect(reasons(checkLlama2TextRecord({ text: text.replace('<</SYS>>\n\n', '<</SYS>>\n'), spans: [] }))).toContain('not in the llama-2 template');
    expect(reasons(checkLlama2TextRecord({ text: `${text}<s>[INST] More? `, spans: [] }))).toContain('ends with a user message');
  });
});

describe('LLaMA-Factory', () => {
  const entry = { file_name: 'mix.json', formatting: 'sharegpt', columns: { messages: 'conversations', system: 'system', tools: 'tools' } };
  const attributes = (): ShareGptAttributes => {
    const read = checkDatasetInfoEntry(entry);
    if (!read.ok) throw new Error(read.reasons.join('; '));
    return read.attributes;
  };

  it('reads an entry, and refuses one without sharegpt formatting or with columns that leave out messages', () => {
    expect(attributes()).toMatchObject({ messages: 'conversations', system: 'system', tools: 'tools', userTag: 'human' });
    expect(checkDatasetInfoEntry({ file_name: 'x.json' })).toMatchObject({ ok: false });
    expect(checkDatasetInfoEntry({ file_name: 'x.json', formatting: 'sharegpt', columns: { system: 'system' } })).toMatchObject({ ok: false });
    const openai = checkDatasetInfoEntry({ file_name: 'x.jsonl', formatting: 'sharegpt', columns: { messages: 'messages' }, tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant' } });
    expect(openai.ok && openai.attributes.observationTag).toBeNull();
  });

  it('trains every assistant and function message and refuses what the converter skips or the template cannot read', () => {
    const record = {
      system: 'Use the tools.',
      tools: '[{"name": "water", "parameters": {}}]',
      conversations: [human('Water the garden.'), { from: 'function_call', value: '{"name": "water", "arguments": {"litres": 3}}' }, { from: 'observation', value: 'ok' }, { ...gpt('Done.'), loss: false }],
    };
    expect(trained(checkShareGptRecord(record, attributes()))).toEqual([false, false, true, false, true]);
    expect(reasons(checkShareGptRecord({ conversations: [human('a'), gpt('b'), human('c')] }, attributes()))).toContain('Invalid message count');
    expect(reasons(checkShareGptRecord({ conversations: [human('a'), { from: 'system', value: 's' }, gpt('b')] }, attributes()))).toContain('Invalid role tag');
    expect(reasons(checkShareGptRecord({ ...record, tools: [{ name: 'water' }] }, attributes()))).toContain('must be a JSON string');
    expect(reasons(checkShareGptRecord({ conversations: [human('a'), { from: 'function_call', value: 'water(3)' }] }, attributes()))).toContain('Invalid JSON format');
    expect(reasons(checkShareGptRecord({ conversations: [human('a'), { from: 'gpt', value: ['b'] }] }, attributes()))).toContain('not a string');
  });

  it('takes a leading system message over the system column', () => {
    const result = checkShareGptRecord({ system: 'column', conversations: [{ from: 'system', value: 'first' }, human('a'), gpt('b')] }, attributes());
    expect(result.ok && result.turns[0].text).toBe('first');
  });

  it('reads v1 messages: loss_weight decides, parts must fit the role, tool calls are {name, arguments}', () => {
    const record = {
      messages: [
        { role: 'user', content: [{ type: 'text', value: 'Water it.' }], loss_weight: 0 },
        { role: 'assistant', content: [{ type: 'tool_call', value: '{"name": "water", "arguments": {"litres": 3}}' }], loss_weight: 1 },
        { role: 'tool', content: [{ type: 'text', value: 'ok' }], loss_weight: 0 },
        { role: 'assistant', content: [{ type: 'text', value: 'Ok.' }], loss_weight: 0 },
        { role: 'assistant', content: [{ type: 'reasoning', value: 'It is done.' }, { type: 'text', value: 'Done.' }] },
      ],
    };
    expect(trained(checkV1Record(record))).toEqual([false, true, false, false, true]);
    expect(reasons(checkV1Record({ messages: [{ role: 'user', content: 'plain' }] }))).toContain('list of {type, value} parts');
    expect(reasons(checkV1Record({ messages: [{ role: 'user', content: [{ type: 'text', text: 'a' }] }, { role: 'assistant', content: [] }] }))).toContain('string value');
    expect(reasons(checkV1Record({ messages: [{ role: 'user', content: [{ type: 'tool_call', value: '{}' }] }, { role: 'assistant', content: [] }] }))).toContain('cannot render');
    expect(reasons(checkV1Record({ messages: [{ role: 'assistant', content: [{ type: 'tool_call', value: '{"name": "w", "arguments": "{}"}' }] }] }))).toContain('"arguments": object');
    expect(checkV1DatasetConfig({ mix: { path: '/data/mix.jsonl', source: 'local' } })).toEqual([]);
    expect(checkV1DatasetConfig({ mix: { path: 'mix.jsonl' } }).join('\n')).toContain('absolute');
  });
});

describe('OpenAI', () => {
  const calls = [{ id: 'call_1', type: 'function', function: { name: 'water', arguments: '{"litres": 3}' } }];

  it('accepts tool calls answered by id and trains assistant messages unless their weight is 0', () => {
    const record = {
      tools: [{ type: 'function', function: { name: 'water', parameters: { type: 'object' } } }],
      messages: [
        { role: 'system', content: 'Use the tools.' },
        { role: 'user', content: 'Water it.' },
        { role: 'assistant', content: 'Ok.', weight: 0 },
        { role: 'assistant', tool_calls: calls },
        { role: 'tool', tool_call_id: 'call_1', content: 'ok' },
        { role: 'assistant', content: 'Done.', weight: 1 },
      ],
    };
    expect(trained(checkOpenAiRecord(record))).toEqual([false, false, false, true, false, true]);
  });

  it('refuses the published format errors', () => {
    expect(reasons(checkOpenAiRecord({ id: 'x', messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }] }))).toContain('unrecognized top-level key "id"');
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'user', content: [{ type: 'text', value: 'a' }] }, { role: 'assistant', content: 'b', loss_weight: 1 }] }))).toMatch(/missing_content[\s\S]*message_unrecognized_key "loss_weight"/);
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'user', content: 'a', weight: 0 }, { role: 'assistant', content: 'b' }] }))).toContain('message_unrecognized_key "weight" on a user message');
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'user', content: 'a' }] }))).toContain('example_missing_assistant_message');
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', tool_calls: [{ type: 'function', function: { name: 'w', arguments: '{}' } }] }] }))).toContain('expected {id');
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', tool_calls: calls }, { role: 'tool', content: 'ok' }] }))).toContain('answers no earlier tool call');
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b' }], tools: '[]' }))).toContain('`tools` is not a list');
    expect(reasons(checkOpenAiRecord({ messages: [{ role: 'observation', content: 'a' }, { role: 'assistant', content: 'b' }] }))).toContain('unrecognized_role');
  });
});

describe('Axolotl', () => {
  const config = {
    datasets: [
      {
        path: '/data/mix.json',
        ds_type: 'json',
        type: 'chat_template',
        field_messages: 'conversations',
        message_property_mappings: { role: 'from', content: 'value' },
        roles: { user: ['human'], assistant: ['gpt', 'function_call'], tool: ['observation'], system: ['system'] },
        roles_to_train: ['assistant'],
        message_field_training: 'loss',
      },
    ],
  };

  it('follows the training field where it is set and roles_to_train elsewhere', () => {
    const read = checkAxolotlConfig(config);
    if (!read.ok) throw new Error(read.reasons.join('; '));
    const record = { system: 'S', tools: '[{"name": "w"}]', conversations: [human('a'), { ...gpt('Ok.'), loss: false }, human('b'), { ...gpt('c'), loss: null }, { from: 'observation', value: 'r', loss: true }] };
    expect(trained(checkAxolotlRecord(record, read.datasets[0]))).toEqual([false, false, false, false, true, true]);
    expect(reasons(checkAxolotlRecord({ conversations: [{ from: 'bot', value: 'x' }] }, read.datasets[0]))).toContain('maps to no template role');
    expect(reasons(checkAxolotlRecord({ conversations: [human('a')], tools: 'not json' }, read.datasets[0]))).toContain('not JSON');
  });

  it('refuses relative paths without a base, and reads completion and pre-tokenized entries', () => {
    expect(checkAxolotlConfig({ datasets: [{ ...config.datasets[0], path: 'out/mix.json' }] })).toMatchObject({ ok: false });
    expect(checkAxolotlConfig({ datasets: [{ ...config.datasets[0], path: 'out/mix.json' }] }, { base: '/work' })).toMatchObject({ ok: true });
    const read = checkAxolotlConfig({ datasets: [{ path: '/a.jsonl', ds_type: 'json', type: 'completion', field: 'text' }, { path: '/b.jsonl', ds_type: 'json' }] });
    if (!read.ok) throw new Error(read.reasons.join('; '));
    expect(trained(checkAxolotlRecord({ text: 'x' }, read.datasets[0]))).toEqual([true]);
    expect(reasons(checkAxolotlRecord({ input_ids: [1, 2], attention_mask: [1], labels: [1, 2] }, read.datasets[1]))).toContain('differ in length');
  });
});

describe('pre-tokenized Llama-2', () => {
  /** `<s>` + the piece's tokens (+ `</s>`), labels on the tokens of the trained part. */
  function record(pieces: { prompt: string; answer: string; train: boolean }[]) {
    const ids: number[] = [];
    const labels: number[] = [];
    for (const piece of pieces) {
      const prompt = llamaTokenizer.encode(piece.prompt, false, true);
      const all = llamaTokenizer.encode(`${piece.prompt}${piece.answer} `, false, true);
      ids.push(1, ...all, 2);
      labels.push(-100, ...all.map((id, index) => (piece.train && index >= prompt.length ? id : -100)), piece.train ? 2 : -100);
    }
    return { input_ids: ids, attention_mask: ids.map(() => 1), labels };
  }

  it('reads the template back and finds which assistant messages train', () => {
    const value = record([
      { prompt: '[INST] Plant the seeds. [/INST]', answer: ' Done.', train: false },
      { prompt: '[INST] Water them. [/INST]', answer: ' Watered.', train: true },
    ]);
    expect(trained(checkTokenizedRecord(value))).toEqual([false, false, false, false, true]);
    const trl = checkTrlRecord(value);
    expect(trl.ok && trl.turns.map((turn) => turn.text)).toEqual(['', 'Plant the seeds.', 'Done.', 'Water them.', 'Watered.']);
  });

  it('refuses a trained prompt token, a label that is not the token, and ids SentencePiece would not give', () => {
    const value = record([{ prompt: '[INST] Water them. [/INST]', answer: ' Watered.', train: true }]);
    expect(reasons(checkTokenizedRecord({ ...value, labels: value.input_ids }))).toMatch(/trained/);
    expect(reasons(checkTokenizedRecord({ ...value, labels: value.labels.map((label) => (label === -100 ? label : label + 1)) }))).toContain('neither -100 nor the token');
    // "▁Water" spelt as "▁W" + "ater": the same text, but not SentencePiece's tokens.
    const split = [...value.input_ids];
    split.splice(split.indexOf(llamaTokenizer.vocabByString.get('▁Water') ?? -1), 1, llamaTokenizer.vocabByString.get('▁W') ?? -1, llamaTokenizer.vocabByString.get('ater') ?? -1);
    expect(split).not.toContain(-1);
    expect(checkTokenizedRecord({ ...value, input_ids: split, attention_mask: split.map(() => 1), labels: split.map(() => -100) }).ok).toBe(false);
  });
});

describe('TRL', () => {
  it('appends EOS to text, refusing a text that would end with a second one, and trains everything', () => {
    const text = '[INST] Hi [/INST] Hello </s>';
    const result = checkTrlRecord({ text });
    expect(trained(result)).toEqual([true, true, true]);
    expect(result.ok && result.notes).toEqual([]);
    expect(reasons(checkTrlRecord({ text: `${text}<s>` }))).toContain('second EOS');
    expect(trained(checkTrlRecord({ messages: [{ role: 'user', content: 'a' }, { role: 'assistant', content: 'b', weight: 0 }] }))).toEqual([true, true]);
    expect(trained(checkTrlRecord({ conversations: [human('a'), gpt('b')] }))).toEqual([true, true]);
    expect(reasons(checkTrlRecord({ prompt: 'a' }))).toContain('neither');
  });
});

describe('Hugging Face datasets columns', () => {
  it('accepts nulls and int/float mixes, and refuses a column of two types', () => {
    expect(checkColumns([{ id: 'a', loss: true, n: 1 }, { id: 'b', loss: null, n: 1.5 }, { id: 'c' }])).toEqual([]);
    expect(checkColumns([{ id: 'a' }, { id: 7 }])[0]).toContain('(record).id holds string in one record and int in another');
    expect(checkColumns([{ c: [{ loss: true }] }, { c: [{ loss: 'no' }] }])[0]).toContain('(record).c[].loss');
    expect(checkColumns([{ tools: '[]' }, { tools: [] }])[0]).toContain('tools');
  });
});
