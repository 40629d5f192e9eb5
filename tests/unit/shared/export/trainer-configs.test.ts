import { describe, expect, it } from 'vitest';
import { axolotlSnippet } from '../../../../shared/export/axolotl';
import { datasetInfoEntry, mergeDatasetInfo } from '../../../../shared/export/dataset-info';
import { emptyTraits, noteTraits } from '../../../../shared/export/export-traits';
import { containerOf, defaultOutPath, exportSettings, validationPathFor, EXPORT_FORMATS } from '../../../../shared/export/settings';

describe('datasetInfoEntry', () => {
  it('describes a ShareGPT export with LLaMA-Factory\'s sharegpt columns and tags', () => {
    const info = datasetInfoEntry({ fileName: 'mix.json', format: 'sharegpt', hasSystem: true, hasTools: true, hasMaskedTurns: false });
    expect(info).toEqual({
      entry: {
        file_name: 'mix.json',
        formatting: 'sharegpt',
        columns: { messages: 'conversations', system: 'system', tools: 'tools' },
        tags: {
          role_tag: 'from',
          content_tag: 'value',
          user_tag: 'human',
          assistant_tag: 'gpt',
          observation_tag: 'observation',
          function_tag: 'function_call',
          system_tag: 'system',
        },
      },
      warnings: [],
    });
  });

  it('describes an OpenAI export with role/content tags, and warns that loss flags are ignored', () => {
    const info = datasetInfoEntry({ fileName: 'mix.jsonl', format: 'openai', hasSystem: false, hasTools: false, hasMaskedTurns: true });
    expect(info?.entry).toEqual({
      file_name: 'mix.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', observation_tag: 'tool', system_tag: 'system' },
    });
    expect(info?.warnings[0]).toMatch(/ignores the export's per-turn loss flags/);
  });

  it('has no entry for llama2-chat text', () => {
    expect(datasetInfoEntry({ fileName: 'x.jsonl', format: 'llama2-chat', hasSystem: false, hasTools: false, hasMaskedTurns: false })).toBeNull();
  });

  it('merges into an existing dataset_info.json, keeping other datasets and their order', () => {
    const existing = JSON.stringify({ alpaca_en_demo: { file_name: 'alpaca_en_demo.json' }, agentmix: { file_name: 'old.json' }, glaive: { file_name: 'g.json' } });
    const merged = mergeDatasetInfo(existing, 'agentmix', { file_name: 'new.json' });
    expect(merged.ok).toBe(true);
    if (merged.ok) {
      expect(Object.keys(JSON.parse(merged.text))).toEqual(['alpaca_en_demo', 'agentmix', 'glaive']);
      expect(JSON.parse(merged.text).agentmix).toEqual({ file_name: 'new.json' });
      expect(merged.text.endsWith('}\n')).toBe(true);
    }
    expect(mergeDatasetInfo(null, 'agentmix', {})).toEqual({ ok: true, text: '{\n  "agentmix": {}\n}\n' });
    expect(mergeDatasetInfo('{oops', 'agentmix', {})).toMatchObject({ ok: false, message: expect.stringContaining('not JSON') });
    expect(mergeDatasetInfo('[1]', 'agentmix', {})).toMatchObject({ ok: false, message: expect.stringContaining('JSON object') });
  });
});

describe('axolotlSnippet', () => {
  it('loads a ShareGPT/AgentInstruct export with chat_template and the loss field', () => {
    const yaml = axolotlSnippet({ path: 'out/mix.json', validationPath: 'out/mix.validation.json', format: 'agentinstruct', hasStringTools: false });
    expect(yaml).toContain('datasets:\n  - path: "out/mix.json"\n    ds_type: json\n    type: chat_template\n    field_messages: conversations\n');
    expect(yaml).toContain('    message_property_mappings:\n      role: from\n      content: value\n');
    expect(yaml).toContain('      assistant: ["gpt", "assistant", "function_call"]\n      tool: ["observation", "tool"]\n');
    expect(yaml).toContain('    roles_to_train: ["assistant"]\n');
    expect(yaml).toContain('    message_field_training: loss\n');
    expect(yaml).toContain('test_datasets:\n  - path: "out/mix.validation.json"');
  });

  it('uses weight for OpenAI files and completion for llama2-chat text', () => {
    expect(axolotlSnippet({ path: 'a.jsonl', format: 'openai', hasStringTools: false })).toContain('    message_field_training: weight\n');
    const text = axolotlSnippet({ path: 'a.jsonl', format: 'llama2-chat', hasStringTools: false });
    expect(text).toContain('    type: completion\n    field: text\n');
    expect(text).not.toContain('test_datasets');
  });

  it('warns about string tools and quotes odd paths', () => {
    const yaml = axolotlSnippet({ path: 'my data/"mix".json', format: 'sharegpt', hasStringTools: true });
    expect(yaml).toContain('- path: "my data/\\"mix\\".json"');
    expect(yaml).toContain('Unknown tools format');
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
      ['agentinstruct', 'json-array', 'agentmix-agentinstruct.json'],
      ['openai', 'jsonl', 'agentmix-openai.jsonl'],
      ['llama2-chat', 'jsonl', 'agentmix-llama2-chat.jsonl'],
    ]);
    expect(validationPathFor('data/mix.json')).toBe('data/mix.validation.json');
    expect(validationPathFor('data.v2/mix')).toBe('data.v2/mix.validation');
    expect(validationPathFor('.hidden')).toBe('.hidden.validation');
  });
});

describe('noteTraits', () => {
  it('finds system and tools columns and masked turns in written records', () => {
    const traits = emptyTraits();
    noteTraits(traits, { conversations: [{ from: 'human', value: 'a' }, { from: 'gpt', value: 'Ok.', loss: false }] }, 'agentinstruct');
    expect(traits).toEqual({ hasSystem: false, hasTools: false, hasStringTools: false, hasMaskedTurns: true });
    noteTraits(traits, { system: 's', tools: '[]', conversations: [] }, 'sharegpt');
    expect(traits).toEqual({ hasSystem: true, hasTools: true, hasStringTools: true, hasMaskedTurns: true });
    const openai = emptyTraits();
    noteTraits(openai, { messages: [{ role: 'assistant', content: 'x', weight: 1 }], tools: [] }, 'openai');
    expect(openai).toEqual({ hasSystem: false, hasTools: true, hasStringTools: false, hasMaskedTurns: false });
    noteTraits(openai, { messages: [{ role: 'assistant', content: 'x', weight: 0 }] }, 'openai');
    expect(openai.hasMaskedTurns).toBe(true);
    const text = emptyTraits();
    noteTraits(text, { id: 'a', text: '[INST] ...', spans: [] }, 'llama2-chat');
    expect(text).toEqual(emptyTraits());
  });
});
