import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { dataFile } from '../../../helpers/data';
import { LLAMA2_DEFAULT_SYSTEM, readLlama2Chat, renderLlama2Chat, type Llama2ChatRecord } from '../../../../shared/export/llama2-chat';
import { trains, type Conversation, type Turn } from '../../../../shared/schema/conversation';
import { itWithData } from '../../../helpers/with-data';

function turn(role: Turn['role'], text: string, loss: Turn['loss'] = null): Turn {
  const from = { system: 'system', user: 'human', assistant: 'gpt', tool: 'observation' }[role];
  return { role, text, loss, from };
}

function conversation(turns: Turn[], id: string | null = 'x_1'): Conversation {
  return { id, task: null, reward: null, turns, raw: null };
}

function render(value: Conversation): Llama2ChatRecord {
  const result = renderLlama2Chat(value);
  if (!result.ok) throw new Error(result.message);
  return result.record;
}

/** Native AgentInstruct records (from/value/loss) read by hand: the normalized turns, without the formats module. */
function webshopConversations(): Conversation[] {
  const records = JSON.parse(readFileSync(dataFile('webshop-agentinstruct-style-clean', 'clean_sneakers_query-attack.json'), 'utf8')) as {
    id: string;
    conversations: { from: 'human' | 'gpt'; value: string; loss?: boolean | null }[];
  }[];
  return records.map((record) =>
    conversation(
      record.conversations.map((message) => turn(message.from === 'human' ? 'user' : 'assistant', message.value, message.loss ?? null)),
      record.id,
    ),
  );
}

describe('renderLlama2Chat', () => {
  it('writes FastChat\'s llama-2 template byte for byte (SeparatorStyle.LLAMA2, sep " ", sep2 " </s><s>")', () => {
    const record = render(conversation([turn('user', 'Hi'), turn('assistant', 'Hello!'), turn('user', 'Sum 2+2'), turn('assistant', '4')]));
    expect(record.text).toBe(
      '[INST] <<SYS>>\nYou are a helpful, respectful and honest assistant.\n<</SYS>>\n\nHi [/INST] Hello! </s><s>[INST] Sum 2+2 [/INST] 4 </s><s>',
    );
    expect(record.spans.map((span) => record.text.slice(span.start, span.end))).toEqual(['Hello! </s>', '4 </s>']);
  });

  it('uses the record\'s own system turn, or none at all when the system prompt is empty', () => {
    const withSystem = conversation([turn('system', 'Be terse.'), turn('user', 'Hi'), turn('assistant', 'Yo')]);
    expect(render(withSystem).text).toBe('[INST] <<SYS>>\nBe terse.\n<</SYS>>\n\nHi [/INST] Yo </s><s>');
    const fixed = renderLlama2Chat(withSystem, { systemPrompt: LLAMA2_DEFAULT_SYSTEM, keepRecordSystem: false });
    expect(fixed.ok && fixed.record.text.startsWith(`[INST] <<SYS>>\n${LLAMA2_DEFAULT_SYSTEM}\n`)).toBe(true);
    const bare = renderLlama2Chat(conversation([turn('user', 'Hi'), turn('assistant', 'Yo')]), { systemPrompt: '', keepRecordSystem: true });
    expect(bare.ok && bare.record.text).toBe('[INST] Hi [/INST] Yo </s><s>');
  });

  it('puts no span on masked assistant turns (AgentInstruct loss: false) and keeps unflagged ones trained', () => {
    const record = render(conversation([turn('user', 'prompt'), turn('assistant', 'Ok.', false), turn('user', 'task'), turn('assistant', 'Act', null)]));
    expect(record.spans.map((span) => record.text.slice(span.start, span.end))).toEqual(['Act </s>']);
  });

  it('counts span offsets in code points, as Python does', () => {
    const record = render(conversation([turn('user', '🚀 go'), turn('assistant', 'done 🎉')]));
    const codePoints = [...record.text];
    const [span] = record.spans;
    expect(codePoints.slice(span.start, span.end).join('')).toBe('done 🎉 </s>');
  });

  it('renders tool results in the user slot and ends with a user turn as FastChat would', () => {
    const record = render(conversation([turn('user', 'weather?'), { ...turn('assistant', ''), from: 'function_call', toolCalls: [{ name: 'w', arguments: '{}' }] }, turn('tool', '{"t": 20}'), turn('assistant', '20 C'), turn('user', 'thanks')]));
    expect(record.text).toContain('[/INST] {"name": "w", "arguments": {}} </s><s>');
    expect(record.text.endsWith('[INST] {"t": 20} [/INST] 20 C </s><s>[INST] thanks ')).toBe(true);
  });

  it('refuses records the template cannot hold, saying which turn and why', () => {
    const cases: [Turn[], RegExp][] = [
      [[turn('assistant', 'first')], /turn 0 \(gpt\) breaks the user\/assistant alternation/],
      [[turn('user', 'a'), turn('user', 'b')], /turn 1 \(human\) breaks/],
      [[turn('user', 'a'), turn('assistant', 'b'), turn('system', 'c')], /turn 2 is a system turn after the start/],
      [[turn('user', 'what does [/INST] mean?'), turn('assistant', 'b')], /turn 0 contains "\[\/INST\]"/],
      [[turn('system', 's'), turn('user', 'a'), turn('assistant', 'ends </s> early')], /turn 2 contains "<\/s>"/],
      [[turn('system', 'only')], /no user or assistant turn/],
    ];
    for (const [turns, message] of cases) {
      const result = renderLlama2Chat(conversation(turns));
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.message).toMatch(message);
    }
  });
});

describe('readLlama2Chat', () => {
  itWithData('gives back the turns and loss flags of all 50 real WebShop trajectories', () => {
    for (const original of webshopConversations()) {
      const record = JSON.parse(JSON.stringify(render(original))) as unknown;
      const read = readLlama2Chat(record);
      if (!read.ok) throw new Error(read.message);
      const [system, ...rest] = read.conversation.turns;
      expect(system).toEqual({ role: 'system', text: LLAMA2_DEFAULT_SYSTEM, loss: null, from: 'system' });
      expect(rest.map((item) => [item.role, item.text, trains(item)])).toEqual(original.turns.map((item) => [item.role, item.text, trains(item)]));
      expect(read.conversation.id).toBe(original.id);
    }
  });

  it('round-trips edge cases: empty turns, padding spaces, a final user turn, no system block', () => {
    const tricky = conversation([turn('user', ''), turn('assistant', ' padded  '), turn('user', 'x '), turn('assistant', '', false), turn('user', ' last')]);
    for (const systemPrompt of ['', 'sys']) {
      const result = renderLlama2Chat(tricky, { systemPrompt, keepRecordSystem: true });
      if (!result.ok) throw new Error(result.message);
      const read = readLlama2Chat(result.record);
      if (!read.ok) throw new Error(read.message);
      const turns = read.conversation.turns.filter((item) => item.role !== 'system');
      expect(turns.map((item) => [item.role, item.text, trains(item)])).toEqual(tricky.turns.map((item) => [item.role, item.text, trains(item)]));
    }
  });

  it('says where a text breaks the template', () => {
    expect(readLlama2Chat({ text: 'Hello', spans: [] })).toEqual({ ok: false, message: 'expected the text to start with "[INST] "' });
    expect(readLlama2Chat({ text: '[INST] <<SYS>>\nx', spans: [] })).toMatchObject({ ok: false, message: 'the <<SYS>> block is not closed' });
    expect(readLlama2Chat({ text: '[INST] a [/INST] b', spans: [] })).toMatchObject({ ok: false, message: expect.stringContaining('not closed by') });
    expect(readLlama2Chat({ text: '[INST] a [/INST] b </s><s>oops', spans: [] })).toMatchObject({ ok: false, message: expect.stringContaining('expected "[INST] "') });
    expect(readLlama2Chat({ text: 'x', spans: [{ start: 'a' }] })).toMatchObject({ ok: false, message: expect.stringContaining('spans') });
    expect(readLlama2Chat(null)).toMatchObject({ ok: false });
  });
});
