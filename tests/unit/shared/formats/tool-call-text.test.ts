import { describe, expect, it } from 'vitest';
import { parseToolCallsText, pythonJson, toolCallsOfText, toolCallsText } from '../../../../shared/formats/tool-call-text';
import { loadValues } from './data-values';
import { itWithData } from '../../../helpers/with-data';

describe('pythonJson', () => {
  it.each([
    [{ a: 1, b: [true, null, 'x'] }, '{"a": 1, "b": [true, null, "x"]}'],
    [[], '[]'],
    [{}, '{}'],
    ['café ☕', '"caf\\u00e9 \\u2615"'],
    ['line\nbreak "quoted"', '"line\\nbreak \\"quoted\\""'],
    [{ nested: { deeper: [1.5, -2] } }, '{"nested": {"deeper": [1.5, -2]}}'],
  ])('%j → %s (Python json.dumps defaults)', (value, expected) => {
    expect(pythonJson(value)).toBe(expected);
  });
});

describe('tool call text', () => {
  it('keeps JSON arguments byte for byte and quotes arguments that are not JSON', () => {
    expect(toolCallsText([{ name: 'f', arguments: '{"x":1}' }])).toBe('{"name": "f", "arguments": {"x":1}}');
    expect(toolCallsText([{ name: 'f', arguments: 'oops' }])).toBe('{"name": "f", "arguments": "oops"}');
    expect(toolCallsText([{ name: 'f', arguments: '{"x": 1}' }, { name: 'g', arguments: '{}' }])).toBe('[{"name": "f", "arguments": {"x": 1}}, {"name": "g", "arguments": {}}]');
  });

  it('reads calls in other spellings leniently: compact JSON, keys in another order, `parameters`', () => {
    expect(toolCallsOfText('{"name":"f","arguments":{"x":1}}')).toEqual([{ name: 'f', arguments: '{"x": 1}' }]);
    expect(toolCallsOfText('{"arguments": {}, "name": "f"}')).toEqual([{ name: 'f', arguments: '{}' }]);
    expect(toolCallsOfText('[{"name": "a", "parameters": {"q": "é"}}]')).toEqual([{ name: 'a', arguments: '{"q": "\\u00e9"}' }]);
    expect(toolCallsOfText('{"name": "f", "arguments": {"x":1}}')).toEqual([{ name: 'f', arguments: '{"x":1}' }]);
    for (const text of ['search[shoes]', '{"name": "f"}', '[]', '{"name": 3, "arguments": {}}', '"f"']) expect(toolCallsOfText(text), text).toBeNull();
  });

  it('parses back what it writes, with arguments as the JSON string OpenAI expects', () => {
    expect(parseToolCallsText('{"name": "f", "arguments": {"x":1}}')).toEqual([{ name: 'f', arguments: '{"x":1}' }]);
    expect(parseToolCallsText('{"name": "f", "arguments": "oops"}')).toEqual([{ name: 'f', arguments: 'oops' }]);
    expect(parseToolCallsText('[{"name": "f", "arguments": {"x": 1}}, {"name": "g", "arguments": {}}]')).toEqual([
      { name: 'f', arguments: '{"x": 1}' },
      { name: 'g', arguments: '{}' },
    ]);
  });

  it.each([
    ['not JSON', 'search[shoes]'],
    ['keys in another order', '{"arguments": {}, "name": "f"}'],
    ['compact separators', '{"name":"f","arguments":{}}'],
    ['no arguments', '{"name": "f"}'],
    ['a number for a name', '{"name": 3, "arguments": {}}'],
    ['an empty list', '[]'],
  ])('refuses text it would not write back the same: %s', (_label, text) => {
    expect(parseToolCallsText(text)).toBeNull();
  });

  itWithData('parses every function_call of the glaive file (LLaMA-Factory) and writes it back unchanged', () => {
    let calls = 0;
    for (const record of loadValues('llamafactory-formats/glaive_toolcall_en_demo.json') as { conversations: { from: string; value: string }[] }[]) {
      for (const turn of record.conversations) {
        if (turn.from !== 'function_call') continue;
        const parsed = parseToolCallsText(turn.value);
        expect(parsed, turn.value).not.toBeNull();
        expect(toolCallsText(parsed ?? [])).toBe(turn.value);
        calls++;
      }
    }
    expect(calls).toBe(211);
  });
});
