import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { FORMATS, type Format, type FormatName } from '../../../../shared/formats/index';
import { OUTCOME_FIELDS } from '../../../../shared/formats/record-fields';
import { leadingAssistantTurns } from '../../../../shared/formats/sharegpt-turns';
import type { Conversation, Turn } from '../../../../shared/schema/conversation';
import { turnText } from '../../../../shared/schema/turn-text';
import { CONVERSATION_FILES, loadValues, SOURCE_FACTS } from './data-values';
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

/** Reasoning and text as one text: what a format without a reasoning field writes and reads back. */
function foldedText(turn: Turn): string {
  return [turn.reasoning ?? '', turn.text].filter((part) => part !== '').join('\n');
}

/** The formats a record of any other format is written into (the exchange formats); run logs are written from their own kind only. */
const EXCHANGE_FORMATS: readonly FormatName[] = ['agentinstruct', 'sharegpt', 'role-content', 'openai', 'llamafactory-messages'];

/**
 * What each exchange format can hold: role-content and AgentInstruct have no field for calls or
 * reasoning (they come back in the text), and AgentInstruct has only human and gpt, so system
 * prompts and tool results come back as user turns; ShareGPT folds reasoning into the value.
 */
const PROJECTIONS: Partial<Record<FormatName, (turn: Turn) => unknown>> = {
  agentinstruct: (turn) => ({ role: turn.role === 'assistant' ? 'assistant' : 'user', text: turnText(turn), loss: turn.loss }),
  sharegpt: (turn) => ({ ...(fullTurn(turn) as object), text: foldedText(turn), reasoning: undefined }),
  'role-content': (turn) => ({ role: turn.role, text: turnText(turn), loss: turn.loss }),
  openai: fullTurn,
  'llamafactory-messages': fullTurn,
};

/** A record as a format writes it back: without the turns its reader dropped (a repair). */
function withoutRepairs(value: unknown, conversation: Conversation): unknown {
  const dropped = conversation.repairs?.reduce((total, repair) => total + repair.turns, 0) ?? 0;
  if (dropped === 0) return value;
  const record = value as { conversations: unknown[] };
  return { ...record, conversations: record.conversations.slice(dropped) };
}

/** The turns ShareGPT reads back: leading assistant turns are dropped as FastChat drops them. */
function asShareGptReads(conversation: Conversation): Conversation {
  const start = conversation.turns[0]?.role === 'system' ? 1 : 0;
  const dropped = leadingAssistantTurns(conversation.turns, start);
  return dropped === 0 ? conversation : { ...conversation, turns: [...conversation.turns.slice(0, start), ...conversation.turns.slice(start + dropped)] };
}

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

describeWithData.each(Object.entries(CONVERSATION_FILES))('%s', (path, formatName) => roundTrips(formatName, () => loadValues(path), SOURCE_FACTS[path]?.keyed === true));

describe.each(DEMO_FILES)('demo %s', (path, formatName) => roundTrips(formatName, () => demoValues(path)));

/** Every round trip of one file's records through its format and the exchange formats; `keyed`: ids live in a keyed container's keys. */
function roundTrips(formatName: FormatName, load: () => unknown[], keyed = false): void {
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

  it('write(read(x)) deep-equals x (without the turns a repair dropped), for every record', () => {
    conversations.forEach((conversation, index) => expect(format.write(conversation)).toStrictEqual(withoutRepairs(values[index], conversation)));
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
      if (!keyed) expect(back.id).toBe(conversation.id);
    }
  });

  describe.each(EXCHANGE_FORMATS.filter((name) => name !== format.name))('cross-format to %s', (target) => {
    const project = PROJECTIONS[target] as (turn: Turn) => unknown;
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
        const expected = target === 'sharegpt' ? asShareGptReads(conversation) : conversation;
        // An outcome in the shared fields (reward, resolved...) travels with the record's other fields; a run log's own
        // (AgentBench's output.result, SWE-agent's target) is not read by the exchange formats: the export carries it.
        const shared = (OUTCOME_FIELDS as readonly string[]).includes(expected.outcome?.from ?? '');
        expect(essence(result.conversation, project)).toEqual(essence({ ...expected, reward: shared ? expected.reward : null }, project));
      }
    });

    it(`and back to ${format.name} gives the turns again`, () => {
      // Lossy targets are covered above; run logs are not written from other formats.
      if (target === 'agentinstruct' || target === 'role-content' || !EXCHANGE_FORMATS.includes(format.name)) return;
      for (const conversation of conversations) {
        const there = readOk(FORMATS[target], FORMATS[target].write(conversation));
        const back = readOk(format, format.write(there));
        const expected = target === 'sharegpt' || format.name === 'sharegpt' ? asShareGptReads(conversation) : conversation;
        expect(back.turns.map(project)).toEqual(expected.turns.map(project));
      }
    });
  });
}
