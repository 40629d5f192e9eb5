import { parse as parseYaml } from 'yaml';
import { describe, expect, it } from 'vitest';
import { axolotlSnippet } from '../../../../shared/export/axolotl';
import { mergeDatasetInfo } from '../../../../shared/export/dataset-info';
import { formatSpec } from '../../../../shared/export/formats/index';
import { containerOf, defaultOutPath, exportSettings, validationPathFor, EXPORT_FORMATS } from '../../../../shared/export/settings';
import { checkAxolotlConfig } from '../../../checkers/axolotl';
import { checkDatasetInfoEntry } from '../../../checkers/llamafactory';

describe('the LLaMA-Factory entry of each format', () => {
  it('describes the {from, value} formats with sharegpt formatting, the columns the records have and every tag', () => {
    for (const format of ['sharegpt', 'sharegpt-jsonl', 'fastchat', 'agentinstruct'] as const) {
      const entry = formatSpec(format).llamaFactory;
      if (!('kind' in entry) || entry.kind !== 'json') throw new Error(`${format} has no dataset_info entry`);
      const full = entry.entry('mix.json', { hasSystem: true, hasTools: true });
      expect(full).toEqual({
        file_name: 'mix.json',
        formatting: 'sharegpt',
        columns: { messages: 'conversations', system: 'system', tools: 'tools' },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', observation_tag: 'observation', function_tag: 'function_call', system_tag: 'system' },
      });
      expect(checkDatasetInfoEntry(full).ok).toBe(true);
      expect(entry.entry('mix.json', { hasSystem: false, hasTools: false }).columns).toEqual({ messages: 'conversations' });
    }
  });

  it('gives llamafactory-messages a v1 config, and says why openai, llama2-chat and tokenized have none', () => {
    const v1 = formatSpec('llamafactory-messages').llamaFactory;
    expect('kind' in v1 && v1.kind === 'v1-yaml' && v1.entry('/data/mix.jsonl', { hasSystem: false, hasTools: false })).toEqual({ path: '/data/mix.jsonl', source: 'local' });
    for (const format of ['openai', 'llama2-chat', 'tokenized'] as const) expect(formatSpec(format).llamaFactory).toMatchObject({ none: expect.stringContaining('export sharegpt') });
  });

  it('merges entries into an existing dataset_info.json, keeping other datasets and their order', () => {
    const existing = JSON.stringify({ alpaca_en_demo: { file_name: 'alpaca_en_demo.json' }, agentmix: { file_name: 'old.json' }, glaive: { file_name: 'g.json' } });
    const merged = mergeDatasetInfo(existing, { agentmix: { file_name: 'new.json' }, agentmix_validation: { file_name: 'new.validation.json' } });
    expect(merged.ok).toBe(true);
    if (merged.ok) {
      expect(Object.keys(JSON.parse(merged.text))).toEqual(['alpaca_en_demo', 'agentmix', 'glaive', 'agentmix_validation']);
      expect(JSON.parse(merged.text).agentmix).toEqual({ file_name: 'new.json' });
      expect(merged.text.endsWith('}\n')).toBe(true);
    }
    expect(mergeDatasetInfo(null, { agentmix: {} })).toEqual({ ok: true, text: '{\n  "agentmix": {}\n}\n' });
    expect(mergeDatasetInfo('{oops', { agentmix: {} })).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    expect(mergeDatasetInfo('[1]', { agentmix: {} })).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
  });
});

describe('the Axolotl snippet of each format', () => {
  it('loads {from, value} records with chat_template, the role mapping and the loss field', () => {
    const yaml = axolotlSnippet({ format: 'agentinstruct', path: '/data/out/mix.json', validationPath: '/data/out/mix.validation.json' }) ?? '';
    expect(yaml).toContain('Paths are absolute.');
    expect(yaml).toContain('datasets:\n  - path: "/data/out/mix.json"\n    ds_type: json\n    type: chat_template\n    field_messages: conversations\n');
    expect(yaml).toContain('      assistant: ["gpt", "function_call"]\n      tool: ["observation"]\n');
    expect(yaml).toContain('    message_field_training: loss\n');
    expect(yaml).toContain('test_datasets:\n  - path: "/data/out/mix.validation.json"');
    expect(yaml).not.toContain('Unknown tools format');
    const read = checkAxolotlConfig(parseYaml(yaml) as unknown);
    expect(read.ok && read.datasets.length + read.testDatasets.length).toBe(2);
    // FastChat's records carry no loss field: the roles decide.
    expect(axolotlSnippet({ format: 'fastchat', path: '/a.json' })).not.toContain('message_field_training');
  });

  it('uses weight for OpenAI files, completion for text, no type for tokens, and none for v1 parts', () => {
    expect(axolotlSnippet({ format: 'openai', path: '/a.jsonl' })).toContain('    message_field_training: weight\n');
    expect(axolotlSnippet({ format: 'llama2-chat', path: '/a.jsonl' })).toContain('    type: completion\n    field: text\n');
    expect(axolotlSnippet({ format: 'tokenized', path: '/a.jsonl' })).not.toMatch(/^ +type:/m);
    expect(axolotlSnippet({ format: 'llamafactory-messages', path: '/a.jsonl' })).toBeNull();
  });

  it('names paths relative to a base when one is given, and quotes odd paths', () => {
    const yaml = axolotlSnippet({ format: 'sharegpt', path: 'my data/"mix".json', base: '/work/runs' }) ?? '';
    expect(yaml).toContain('- path: "my data/\\"mix\\".json"');
    expect(yaml).toContain('Paths are relative to /work/runs: run Axolotl from there.');
    expect(checkAxolotlConfig(parseYaml(yaml) as unknown, { base: '/work/runs' }).ok).toBe(true);
    expect(checkAxolotlConfig(parseYaml(yaml) as unknown).ok).toBe(false);
  });
});

describe('export settings', () => {
  it('defaults to sharegpt with the side files and AgentLM\'s system prompt', () => {
    expect(exportSettings.parse({})).toEqual({
      format: 'sharegpt',
      datasetInfo: true,
      datasetName: 'agentmix',
      axolotl: true,
      systemPrompt: 'You are a helpful, respectful and honest assistant.',
      keepRecordSystem: true,
    });
    expect(() => exportSettings.parse({ format: 'alpaca' })).toThrow();
    expect(() => exportSettings.parse({ datasetName: 'has space' })).toThrow();
    expect(() => exportSettings.parse({ outPath: 'x' })).toThrow();
  });

  it('names files by format and derives the validation path', () => {
    expect(EXPORT_FORMATS.map((format) => [format, containerOf(format), defaultOutPath(format)])).toEqual([
      ['sharegpt', 'json-array', 'agentmix-sharegpt.json'],
      ['sharegpt-jsonl', 'jsonl', 'agentmix-sharegpt-jsonl.jsonl'],
      ['fastchat', 'json-array', 'agentmix-fastchat.json'],
      ['agentinstruct', 'json-array', 'agentmix-agentinstruct.json'],
      ['openai', 'jsonl', 'agentmix-openai.jsonl'],
      ['llamafactory-messages', 'jsonl', 'agentmix-llamafactory-messages.jsonl'],
      ['llama2-chat', 'jsonl', 'agentmix-llama2-chat.jsonl'],
      ['tokenized', 'jsonl', 'agentmix-tokenized.jsonl'],
    ]);
    expect(validationPathFor('data/mix.json')).toBe('data/mix.validation.json');
    expect(validationPathFor('data.v2/mix')).toBe('data.v2/mix.validation');
    expect(validationPathFor('.hidden')).toBe('.hidden.validation');
  });
});
