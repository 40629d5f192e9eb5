import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, FORMAT_NAMES, type Format, type FormatName } from '../../../../shared/formats/index';
import type { Conversation, Turn } from '../../../../shared/schema/conversation';
import { turnText } from '../../../../shared/schema/turn-text';
import { CONVERSATION_FILES, loadValues } from './data-values';
import { REPO_ROOT } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

function readOk(format: Format, value: unknown): Conversation {
  const result = format.read(value);
  if (!result.ok) throw new Error(`${format.name}: ${result.message}`);
  return result.conversation;
}

/** What must survive any round trip: the turns (role, text, loss flag, tool calls, reasoning), id, task and reward. */
function essence(conversation: Conversation, project: (turn: Turn) => unknown = fullTurn): unknown {
  return { id: conversation.id, task: conversation.task, reward: conversation.reward, turns: conversation.turns.map(project) };
}

function fullTurn(turn: Turn): unknown {
  return { role: turn.role, text: turn.text, loss: turn.loss, toolCalls: turn.toolCalls?.map((call) => ({ name: call.name, arguments: call.arguments })), reasoning: turn.reasoning };
}

/**
 * What each target format can hold: role-content has no field for calls or reasoning (they come
 * back in the text); AgentInstruct has only human and gpt, so system prompts and tool results come
 * back as user turns and calls as assistant text.
 */
const PROJECTIONS: Record<FormatName, (turn: Turn) => unknown> = {
  agentinstruct: (turn) => ({ role: turn.role === 'assistant' ? 'assistant' : 'user', text: turnText(turn), loss: turn.loss }),
  sharegpt: fullTurn,
  'role-content': (turn) => ({ role: turn.role, text: turnText(turn), loss: turn.loss }),
  openai: fullTurn,
};

/** The demo's conversation files (resources/samples/SOURCES.md) and their formats. */
const DEMO_FILES: [string, FormatName][] = [
  ['agent/agentinstruct.json', 'agentinstruct'],
  ['agent/agent-runs.jsonl', 'agentinstruct'],
  ['general/sharegpt.json', 'sharegpt'],
  ['general/openai.jsonl', 'openai'],
];

/** The records of a demo file. */
function demoValues(path: string): unknown[] {
  const text = readFileSync(join(REPO_ROOT, 'resources/samples', path), 'utf8');
  return path.endsWith('.jsonl') ? text.split('\n').filter((line) => line !== '').map((line) => JSON.parse(line) as unknown) : (JSON.parse(text) as unknown[]);
}

describeWithData.each(Object.entries(CONVERSATION_FILES))('%s', (path, formatName) => roundTrips(formatName as FormatName, () => loadValues(path)));

describe.each(DEMO_FILES)('demo %s', (path, formatName) => roundTrips(formatName, () => demoValues(path)));

/** Every round trip of one file's records through its format and the others. */
function roundTrips(formatName: FormatName, load: () => unknown[]): void {
  const format = FORMATS[formatName];
  let values: unknown[] = [];
  let conversations: Conversation[] = [];
  beforeAll(() => {
    values = load();
    conversations = values.map((value) => readOk(format, value));
  });

  it('has records', () => {
    expect(conversations.length).toBeGreaterThan(0);
  });

  it('write(read(x)) deep-equals x, for every record', () => {
    conversations.forEach((conversation, index) => expect(format.write(conversation)).toStrictEqual(values[index]));
  });

  it('read(write(read(x))) equals read(x), for every record', () => {
    for (const conversation of conversations) expect(essence(readOk(format, format.write(conversation)))).toEqual(essence(conversation));
  });

  it('writes afresh (without the original record) and reads back the same turns', () => {
    for (const conversation of conversations) {
      const written = format.write({ ...conversation, raw: null });
      expect(JSON.parse(JSON.stringify(written))).toStrictEqual(written);
      const back = readOk(format, written);
      expect(back.turns.map(fullTurn)).toEqual(conversation.turns.map(fullTurn));
      expect(back.id).toBe(conversation.id);
    }
  });

  describe.each(FORMAT_NAMES.filter((name) => name !== format.name))('cross-format to %s', (target) => {
    it('keeps the turns, loss flags, id, task and reward of every record', () => {
      for (const conversation of conversations) {
        const written = FORMATS[target].write(conversation);
        expect(JSON.parse(JSON.stringify(written))).toStrictEqual(written);
        const result = FORMATS[target].read(written);
        if (target === 'agentinstruct' && conversation.id === null) {
          // AgentInstruct records must have an id; a record without one says so instead of inventing one.
          expect(result).toEqual({ ok: false, message: 'id: expected a string; found nothing (the field is missing)' });
          continue;
        }
        if (!result.ok) throw new Error(result.message);
        expect(essence(result.conversation, PROJECTIONS[target])).toEqual(essence(conversation, PROJECTIONS[target]));
      }
    });

    it(`and back to ${format.name} gives the turns again`, () => {
      if (target === 'agentinstruct' || target === 'role-content') return; // lossy targets, covered above
      for (const conversation of conversations) {
        const there = readOk(FORMATS[target], FORMATS[target].write(conversation));
        const back = readOk(format, format.write(there));
        expect(back.turns.map(fullTurn)).toEqual(conversation.turns.map(fullTurn));
      }
    });
  });
}
