import { describe, expect, it } from 'vitest';
import type { Turn } from '../../../../shared/schema/conversation';
import { linkToolCalls } from '../../../../shared/schema/tool-links';
import { toolCallsText, turnSegments, turnText } from '../../../../shared/schema/turn-text';

function turn(fields: Partial<Turn>): Turn {
  return { role: 'assistant', text: '', loss: null, from: 'assistant', ...fields };
}

describe('turnText', () => {
  it('is the text itself for a plain turn (the same string, no copy)', () => {
    const plain = turn({ text: 'Thought: look.\nAction: search[x]' });
    expect(turnText(plain)).toBe(plain.text);
    expect(turnSegments(plain)).toEqual([{ kind: 'text', start: 0, end: plain.text.length }]);
  });

  it('joins reasoning, text and calls with newlines, leaving out empty parts', () => {
    const full = turn({ reasoning: 'why', text: 'so', toolCalls: [{ id: 'c1', name: 'f', arguments: '{"a": 1}' }] });
    expect(turnText(full)).toBe('why\nso\n{"name": "f", "arguments": {"a": 1}}');
    expect(turnSegments(full)).toEqual([
      { kind: 'reasoning', start: 0, end: 3 },
      { kind: 'text', start: 4, end: 6 },
      { kind: 'calls', start: 7, end: turnText(full).length },
    ]);
    expect(turnText(turn({ toolCalls: [{ name: 'f', arguments: '{}' }] }))).toBe('{"name": "f", "arguments": {}}');
    expect(turnText(turn({ reasoning: 'r', text: '' }))).toBe('r');
    expect(turnText(turn({ text: 't', toolCalls: [] }))).toBe('t');
  });

  it('writes a call as a LLaMA-Factory function_call value; several as a list; arguments that are not JSON quoted', () => {
    expect(toolCallsText([{ name: 'f', arguments: '{"x":1}' }, { name: 'g', arguments: 'oops' }])).toBe('[{"name": "f", "arguments": {"x":1}}, {"name": "g", "arguments": "oops"}]');
    expect(toolCallsText([{ name: 'café', arguments: '{}' }])).toBe('{"name": "caf\\u00e9", "arguments": {}}');
  });

  it('segments cover exactly the text with one newline between parts', () => {
    const cases = [turn({ reasoning: 'a', toolCalls: [{ name: 'f', arguments: '{}' }] }), turn({ text: 'x', toolCalls: [{ name: 'f', arguments: '{}' }] }), turn({ reasoning: 'only' })];
    for (const candidate of cases) {
      const text = turnText(candidate);
      const segments = turnSegments(candidate);
      expect(segments.at(-1)?.end).toBe(text.length);
      segments.slice(1).forEach((segment, index) => {
        expect(segment.start).toBe(segments[index].end + 1);
        expect(text[segment.start - 1]).toBe('\n');
      });
    }
  });
});

describe('linkToolCalls', () => {
  it('links results to calls by id first, else by position after the turn with calls', () => {
    const turns: Turn[] = [
      turn({ role: 'user', from: 'user', text: 'q' }),
      turn({ toolCalls: [{ id: 'a', name: 'f', arguments: '{}' }, { id: 'b', name: 'g', arguments: '{}' }] }),
      turn({ role: 'tool', from: 'tool', text: 'rb', callId: 'b' }),
      turn({ role: 'tool', from: 'tool', text: 'ra', callId: 'a' }),
      turn({ from: 'function_call', toolCalls: [{ name: 'h', arguments: '{}' }] }),
      turn({ role: 'tool', from: 'observation', text: 'rh' }),
      turn({ role: 'tool', from: 'observation', text: 'extra' }),
      turn({ role: 'tool', from: 'tool', text: 'lost', callId: 'nowhere' }),
    ];
    const links = linkToolCalls(turns);
    expect(links.callOf).toEqual([null, null, { turn: 1, call: 1 }, { turn: 1, call: 0 }, null, { turn: 4, call: 0 }, null, null]);
    expect([...links.resultsOf]).toEqual([
      ['1:1', [2]],
      ['1:0', [3]],
      ['4:0', [5]],
    ]);
  });

  it('links nothing in a conversation without calls', () => {
    const links = linkToolCalls([turn({ role: 'tool', from: 'tool', text: 'r' })]);
    expect(links.callOf).toEqual([null]);
    expect(links.resultsOf.size).toBe(0);
  });
});
