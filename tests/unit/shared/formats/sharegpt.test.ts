import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../../shared/formats/index';
import type { Conversation } from '../../../../shared/schema/conversation';
import { loadValues } from './data-values';
import { itWithData } from '../../../helpers/with-data';

const sharegpt = FORMATS.sharegpt;
const openai = FORMATS.openai;

function readOk(value: unknown, format = sharegpt): Conversation {
  const result = format.read(value);
  if (!result.ok) throw new Error(result.message);
  return result.conversation;
}

/** A LLaMA-Factory record with the optional `system` and `tools` columns (its docs' sharegpt example). */
const WITH_COLUMNS = {
  conversations: [
    { from: 'human', value: 'What is 2 + 2?' },
    { from: 'function_call', value: '{"name": "add", "arguments": {"a": 2, "b": 2}}' },
    { from: 'observation', value: '{"result": 4}' },
    { from: 'gpt', value: 'It is 4.', loss: true },
  ],
  system: 'You are a calculator.',
  tools: '[{"name": "add", "description": "Adds", "parameters": {"type": "object", "properties": {"a": {"type": "number"}, "b": {"type": "number"}}}}]',
};

describe('sharegpt: the system column', () => {
  it('becomes a leading system turn', () => {
    const conversation = readOk(WITH_COLUMNS);
    expect(conversation.turns[0]).toEqual({ role: 'system', text: 'You are a calculator.', loss: null, from: 'system' });
    expect(conversation.turns.map((turn) => turn.role)).toEqual(['system', 'user', 'assistant', 'tool', 'assistant']);
    expect(conversation.turns[2]).toEqual({ role: 'assistant', text: '', loss: null, from: 'function_call', toolCalls: [{ name: 'add', arguments: '{"a": 2, "b": 2}' }] });
    expect(conversation.tools).toEqual([{ name: 'add', description: 'Adds', parameters: { type: 'object', properties: { a: { type: 'number' }, b: { type: 'number' } } } }]);
    expect(conversation.turns[4].loss).toBe(true);
  });

  it('goes back into the column, edited or not', () => {
    const conversation = readOk(WITH_COLUMNS);
    expect(sharegpt.write(conversation)).toStrictEqual(WITH_COLUMNS);
    const edited = { ...conversation, turns: [{ ...conversation.turns[0], text: 'Be exact.' }, ...conversation.turns.slice(1)] };
    expect(sharegpt.write(edited)).toStrictEqual({ ...WITH_COLUMNS, system: 'Be exact.' });
  });

  it('is dropped with its turn, and not duplicated in other formats', () => {
    const conversation = readOk(WITH_COLUMNS);
    const withoutSystem = { ...conversation, turns: conversation.turns.slice(1) };
    expect(sharegpt.write(withoutSystem)).not.toHaveProperty('system');
    const asOpenAi = openai.write(conversation) as { messages: { role: string }[]; system?: unknown };
    expect(asOpenAi.system).toBeUndefined();
    expect(asOpenAi.messages[0]).toEqual({ role: 'system', content: 'You are a calculator.' });
  });

  it('crosses to OpenAI with structured tool calls and tools, and back', () => {
    const asOpenAi = openai.write(readOk(WITH_COLUMNS)) as { messages: unknown[]; tools: unknown };
    expect(asOpenAi.messages[2]).toEqual({
      role: 'assistant',
      content: null,
      tool_calls: [{ id: 'call_2_0', type: 'function', function: { name: 'add', arguments: '{"a": 2, "b": 2}' } }],
    });
    expect(asOpenAi.messages[3]).toEqual({ role: 'tool', tool_call_id: 'call_2_0', content: '{"result": 4}' });
    expect(asOpenAi.messages[4]).toEqual({ role: 'assistant', content: 'It is 4.', weight: 1 });
    expect(asOpenAi.tools).toEqual([{ type: 'function', function: JSON.parse(WITH_COLUMNS.tools)[0] }]);
    // Back in ShareGPT from the OpenAI record: the system prompt is now a turn (there is no column to return to).
    const back = sharegpt.write(readOk(asOpenAi, openai)) as Record<string, unknown>;
    expect(back.conversations).toEqual([{ from: 'system', value: 'You are a calculator.' }, ...WITH_COLUMNS.conversations]);
    expect(JSON.parse(back.tools as string)).toEqual(JSON.parse(WITH_COLUMNS.tools));
  });
});

describe('sharegpt: writes', () => {
  itWithData('keep loss flags only on the turns that have them, and other fields of the record', () => {
    const record = loadValues('eto-sample/sample_raw.json')[1] as Record<string, unknown>;
    const conversation = readOk(record);
    const flagged = { ...conversation, raw: null, turns: conversation.turns.map((turn, index) => (index === 1 ? { ...turn, loss: false } : turn)) };
    const written = sharegpt.write(flagged) as { conversations: Record<string, unknown>[] };
    expect(written.conversations[1]).toEqual({ from: 'gpt', value: conversation.turns[1].text, loss: false });
    expect(written.conversations[0]).not.toHaveProperty('loss');
    // From the original: ETO's reward and source pass through.
    expect(sharegpt.write(conversation)).toMatchObject({ id: 'webshop_3', reward: 0.75, source: record.source });
  });

  itWithData('rebuild an edited turn and keep the untouched ones as they were', () => {
    const record = structuredClone(loadValues('webshop-agentinstruct-style-clean/clean_sneakers_query-attack.json')[0]) as { conversations: Record<string, unknown>[] };
    const conversation = readOk(record);
    conversation.turns[3] = { ...conversation.turns[3], text: 'Thought:\nedited' };
    const written = sharegpt.write(conversation) as { conversations: Record<string, unknown>[] };
    expect(written.conversations[3]).toEqual({ from: 'gpt', value: 'Thought:\nedited', loss: true });
    expect(written.conversations[2]).toBe(record.conversations[2]);
  });

  it('write a numeric id back as the number it was', () => {
    const record = { id: 7, conversations: [{ from: 'human', value: 'hi' }] };
    const conversation = readOk(record);
    expect(conversation.id).toBe('7');
    expect(sharegpt.write(conversation)).toStrictEqual(record);
    expect(sharegpt.write({ ...conversation, id: 'renamed' })).toStrictEqual({ id: 'renamed', conversations: record.conversations });
  });
});
