import { describe, expect, it } from 'vitest';
import { FORMATS } from '../../../../shared/formats/index';
import type { Turn } from '../../../../shared/schema/conversation';
import { turnText } from '../../../../shared/schema/turn-text';

const openai = FORMATS.openai;

function turnsOf(messages: unknown[]): Turn[] {
  const result = openai.read({ messages });
  if (!result.ok) throw new Error(result.message);
  return result.conversation.turns;
}

describe('openai: how a message becomes a turn', () => {
  it('joins text parts with newlines; reasoning parts are reasoning; media parts stay in the record; `value` text parts belong to LLaMA-Factory v1', () => {
    const [turn] = turnsOf([
      {
        role: 'assistant',
        content: [
          { type: 'reasoning', text: 'they are cats' },
          { type: 'text', text: 'Look at this:' },
          { type: 'image_url', image_url: { url: 'https://example.com/cat.png' } },
          { type: 'text', text: 'and this.' },
        ],
      },
    ]);
    expect(turn).toEqual({ role: 'assistant', text: 'Look at this:\nand this.', loss: null, from: 'assistant', reasoning: 'they are cats' });
    expect(openai.read({ messages: [{ role: 'user', content: [{ type: 'text', value: 'v1' }] }] })).toMatchObject({ ok: false });
    const v1 = FORMATS['llamafactory-messages'].read({ messages: [{ role: 'user', content: [{ type: 'text', value: 'v1' }], loss_weight: 0.0 }] });
    expect(v1.ok && v1.conversation.turns).toEqual([{ role: 'user', text: 'v1', loss: false, from: 'user' }]);
  });

  it('reads LLaMA-Factory v1 tool_call parts as tool calls, and keeps a part that holds no call as text', () => {
    const result = FORMATS['llamafactory-messages'].read({
      messages: [
        {
          role: 'assistant',
          content: [
            { type: 'reasoning', value: 'need the time' },
            { type: 'tool_call', value: '{"name": "clock", "arguments": {"zone": "UTC"}}' },
            { type: 'tool_call', value: 'not a call' },
          ],
          loss_weight: 1.0,
        },
      ],
    });
    if (!result.ok) throw new Error(result.message);
    expect(result.conversation.turns[0]).toEqual({ role: 'assistant', text: 'not a call', loss: true, from: 'assistant', reasoning: 'need the time', toolCalls: [{ name: 'clock', arguments: '{"zone": "UTC"}' }] });
    expect(openai.read({ messages: [{ role: 'assistant', content: [{ type: 'tool_call', value: '{}' }] }] })).toEqual({
      ok: false,
      message: 'messages[0].content[0]: expected an OpenAI content part (a part with a `value` is LLaMA-Factory v1: llamafactory-messages); found an object with keys type, value',
    });
  });

  it('reads tool_calls with their ids, the legacy function_call, reasoning_content and the call a result answers', () => {
    const turns = turnsOf([
      { role: 'assistant', content: null, reasoning_content: 'weather first', tool_calls: [{ id: 'call_a', type: 'function', function: { name: 'get_weather', arguments: '{"city": "Paris"}' } }] },
      { role: 'tool', tool_call_id: 'call_a', name: 'get_weather', content: '18C' },
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
    expect(turns).toEqual([
      { role: 'assistant', text: '', loss: null, from: 'assistant', reasoning: 'weather first', toolCalls: [{ id: 'call_a', name: 'get_weather', arguments: '{"city": "Paris"}' }] },
      { role: 'tool', text: '18C', loss: null, from: 'tool', callId: 'call_a', name: 'get_weather' },
      { role: 'assistant', text: 'Checking both.', loss: null, from: 'assistant', toolCalls: [{ id: 'b', name: 'f', arguments: '{"x":1}' }, { id: 'c', name: 'g', arguments: 'not json' }] },
      { role: 'assistant', text: '', loss: null, from: 'assistant', toolCalls: [{ name: 'legacy', arguments: '{"q": "\\u00e9"}' }] },
      { role: 'tool', text: 'ok', loss: null, from: 'function', name: 'legacy' },
    ]);
    expect(turnText(turns[2])).toBe('Checking both.\n[{"name": "f", "arguments": {"x":1}}, {"name": "g", "arguments": "not json"}]');
    expect(turnText(turns[0])).toBe('weather first\n{"name": "get_weather", "arguments": {"city": "Paris"}}');
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

  it('write a function_call turn that holds no call as plain content, so the text survives', () => {
    const turn: Turn = { role: 'assistant', text: 'search[shoes]', loss: null, from: 'function_call' };
    const written = openai.write({ id: null, task: null, reward: null, turns: [turn], raw: null }) as { messages: unknown[] };
    expect(written.messages).toEqual([{ role: 'assistant', content: turn.text }]);
  });

  it('write calls with their ids (generated where missing), reasoning as v1 parts, and results naming their calls', () => {
    const turns: Turn[] = [
      { role: 'user', text: 'q', loss: null, from: 'human' },
      { role: 'assistant', text: '', loss: null, from: 'function_call', reasoning: 'think', toolCalls: [{ name: 'a', arguments: '{}' }, { id: 'mine', name: 'b', arguments: '{"k": 1}' }] },
      { role: 'tool', text: 'ra', loss: null, from: 'observation' },
      { role: 'tool', text: 'rb', loss: null, from: 'observation' },
      { role: 'tool', text: 'rc', loss: null, from: 'tool', callId: 'elsewhere' },
    ];
    const written = openai.write({ id: null, task: null, reward: null, turns, raw: null }) as { messages: unknown[] };
    expect(written.messages.slice(1)).toEqual([
      {
        role: 'assistant',
        content: [{ type: 'reasoning', text: 'think' }],
        tool_calls: [
          { id: 'call_1_0', type: 'function', function: { name: 'a', arguments: '{}' } },
          { id: 'mine', type: 'function', function: { name: 'b', arguments: '{"k": 1}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_1_0', content: 'ra' },
      { role: 'tool', tool_call_id: 'mine', content: 'rb' },
      { role: 'tool', tool_call_id: 'elsewhere', content: 'rc' },
    ]);
    const back = openai.read(written);
    if (!back.ok) throw new Error(back.message);
    expect(back.conversation.turns[1]).toMatchObject({ reasoning: 'think', toolCalls: [{ id: 'call_1_0', name: 'a' }, { id: 'mine', name: 'b' }] });
  });
});
