import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../../shared/formats/index';
import type { Turn } from '../../../../shared/schema/conversation';

const openai = FORMATS.openai;

function turnsOf(messages: unknown[]): Turn[] {
  const result = openai.read({ messages });
  if (!result.ok) throw new Error(result.message);
  return result.conversation.turns;
}

describe('openai: how a message becomes turn text', () => {
  it('joins text parts, OpenAI `text` and LLaMA-Factory `value`, with newlines; other parts become tags', () => {
    const [turn] = turnsOf([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'Look at this:' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'text', value: 'and this.' },
          { type: 'reasoning', value: 'they are cats' },
        ],
      },
    ]);
    expect(turn.text).toBe('Look at this:\n<image_url/>\nand this.\n<reasoning>they are cats</reasoning>');
  });

  it('writes tool calls as LLaMA-Factory function_call text, after any content', () => {
    const turns = turnsOf([
      { role: 'assistant', content: null, tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_a', content: '18C' },
      {
        role: 'assistant',
        content: 'Checking both.',
        tool_calls: [
          { id: 'b', type: 'function', function: { name: 'f', arguments: '{"x":1}' } },
          { id: 'c', type: 'function', function: { name: 'g', arguments: 'not json' } },
        ],
      },
      { role: 'assistant', content: null, function_call: { name: 'legacy', arguments: { q: 'é' } } },
      { role: 'function', name: 'legacy', content: 'ok' },
    ]);
    expect(turns.map((turn) => [turn.role, turn.from, turn.toolCall === true])).toEqual([
      ['assistant', 'assistant', true],
      ['tool', 'tool', false],
      ['assistant', 'assistant', true],
      ['assistant', 'assistant', true],
      ['tool', 'function', false],
    ]);
    expect(turns[0].text).toBe('{"name": "get_weather", "arguments": {"city": "Paris"}}');
    expect(turns[2].text).toBe('Checking both.\n[{"name": "f", "arguments": {"x":1}}, {"name": "g", "arguments": "not json"}]');
    expect(turns[3].text).toBe('{"name": "legacy", "arguments": {"q": "\\u00e9"}}');
  });

  it('reads loss from weight (wins) or loss_weight, else null', () => {
    const turns = turnsOf([
      { role: 'assistant', content: 'a', weight: 0 },
      { role: 'assistant', content: 'b', weight: 1, loss_weight: 0 },
      { role: 'assistant', content: 'c', loss_weight: 0.5 },
      { role: 'user', content: 'd', loss_weight: 0 },
      { role: 'assistant', content: 'e' },
    ]);
    expect(turns.map((turn) => turn.loss)).toEqual([false, true, true, false, null]);
  });

  it('maps developer to system and keeps the name', () => {
    expect(turnsOf([{ role: 'developer', content: 'rules' }])[0]).toEqual({ role: 'system', text: 'rules', loss: null, from: 'developer' });
  });
});

describe('openai: writes', () => {
  const messages = [
    { role: 'system', content: 'S' },
    { role: 'user', content: [{ type: 'text', text: 'hi' }, { type: 'image_url', image_url: { url: 'u' } }] },
    { role: 'assistant', content: null, tool_calls: [{ id: 'call_xyz', type: 'function', function: { name: 'f', arguments: '{}' } }], weight: 1 },
    { role: 'tool', tool_call_id: 'call_xyz', content: 'r' },
    { role: 'assistant', content: 'done', weight: 0 },
  ];

  it('give the record back exactly: parts, call ids and weights', () => {
    const record = { id: 'x1', messages, tools: [{ type: 'function', function: { name: 'f', parameters: {} } }] };
    const result = openai.read(record);
    if (!result.ok) throw new Error(result.message);
    expect(openai.write(result.conversation)).toStrictEqual(record);
  });

  it('put weight 0|1 on assistant messages from loss flags, loss_weight on others, nothing when unflagged', () => {
    const turns: Turn[] = [
      { role: 'user', text: 'q', loss: false, from: 'human' },
      { role: 'assistant', text: 'Ok.', loss: false, from: 'gpt' },
      { role: 'assistant', text: 'a', loss: true, from: 'gpt' },
      { role: 'assistant', text: 'b', loss: null, from: 'gpt' },
    ];
    const written = openai.write({ id: null, task: null, reward: null, turns, raw: null });
    expect(written).toStrictEqual({
      messages: [
        { role: 'user', content: 'q', loss_weight: 0 },
        { role: 'assistant', content: 'Ok.', weight: 0 },
        { role: 'assistant', content: 'a', weight: 1 },
        { role: 'assistant', content: 'b' },
      ],
    });
  });

  it('keep a tool-call turn whose text is not a canonical call as plain content, so the text survives', () => {
    const turn: Turn = { role: 'assistant', text: '{"arguments": {}, "name": "f"}', loss: null, from: 'function_call', toolCall: true };
    const written = openai.write({ id: null, task: null, reward: null, turns: [turn], raw: null }) as { messages: unknown[] };
    expect(written.messages).toEqual([{ role: 'assistant', content: turn.text }]);
  });
});
