/**
 * Round trips of exports through the project's readers (docs/recipe.md, "Formats"): a written record,
 * re-read, must give back the messages the writer says it wrote, each with its side, its text
 * (reasoning, text and tool calls on their own lines) and whether it trains, and every source turn's
 * text must be inside the message that holds it. Shared by the re-import test and the end-to-end
 * export tests.
 */
import { checkTokenizedRecord } from '../checkers/tokenized';
import type { WrittenMessage, WrittenRecord } from '../../shared/export/format-spec';
import { flatText, exportTurns } from '../../shared/export/export-turns';
import { readLlama2Chat } from '../../shared/export/formats/llama2-read';
import type { ExportFormat } from '../../shared/export/settings';
import { getFormat } from '../../shared/formats/index';
import type { ReadResult } from '../../shared/formats/types';
import { trains, type Conversation, type Turn } from '../../shared/schema/conversation';
import { turnText } from '../../shared/schema/turn-text';

/** A message as an export must keep it: side, text, whether it trains. */
export type TurnEssence = [string, string, boolean];

/** The side of a normalized role. */
function sideOf(role: Turn['role']): string {
  return role === 'assistant' ? 'assistant' : role === 'system' ? 'system' : 'user';
}

/** A re-read turn's text as one string: reasoning, text and tool calls (docs/formats.md, "Turn text"). */
function textOf(turn: Turn): string {
  return turnText(turn);
}

/** Each re-read turn's side, text and whether it trains. */
export function essence(conversation: Conversation): TurnEssence[] {
  return conversation.turns.map((turn) => [sideOf(turn.role), textOf(turn), trains(turn)]);
}

/** What the writer says it wrote, in the same shape. */
export function writtenEssence(messages: readonly WrittenMessage[]): TurnEssence[] {
  return messages.map((message) => [message.side, message.text, message.trains]);
}

/** Reads a tokenized record back through its checker's decoding. */
function readTokenized(value: unknown): ReadResult {
  // The encoding itself is the checker's business (tests/checkers/tokenized.ts): here only the decoding.
  const checked = checkTokenizedRecord(value, { reencode: false });
  if (!checked.ok) return { ok: false, message: checked.reasons.join('; ') };
  const turns: Turn[] = checked.turns
    .filter((turn, index) => index > 0 || turn.text !== '')
    .map((turn) => ({ role: turn.role === 'assistant' ? 'assistant' : turn.role === 'system' ? 'system' : 'user', text: turn.text, loss: turn.role === 'assistant' ? turn.trained : null, from: turn.role }));
  return { ok: true, conversation: { id: null, task: null, reward: null, turns, raw: value } };
}

/** The project's reader of each export format. */
export const EXPORT_READERS: Record<ExportFormat, (value: unknown) => ReadResult> = {
  sharegpt: (value) => getFormat('sharegpt').read(value),
  'sharegpt-jsonl': (value) => getFormat('sharegpt').read(value),
  fastchat: (value) => getFormat('sharegpt').read(value),
  agentinstruct: (value) => getFormat('agentinstruct').read(value),
  openai: (value) => getFormat('openai').read(value),
  'llamafactory-messages': (value) => getFormat('llamafactory-messages').read(value),
  'llama2-chat': readLlama2Chat,
  tokenized: readTokenized,
};

/**
 * What is wrong with a written record's round trip (empty when nothing): re-read (through JSON text,
 * as the file holds it) with the format's reader, it must give the writer's messages; every source
 * turn's text must be inside the message that holds it.
 */
export function roundTripProblems(format: ExportFormat, conversation: Conversation, written: WrittenRecord): string[] {
  const read = EXPORT_READERS[format](JSON.parse(JSON.stringify(written.value)));
  if (!read.ok) return [`does not re-read as ${format}: ${read.message}`];
  const problems: string[] = [];
  const back = essence(read.conversation);
  const expected = writtenEssence(written.messages);
  if (JSON.stringify(back) !== JSON.stringify(expected)) problems.push(`re-reads as ${JSON.stringify(back).slice(0, 300)}, the writer wrote ${JSON.stringify(expected).slice(0, 300)}`);
  const turns = exportTurns(conversation);
  for (const message of written.messages) {
    for (const source of message.sources) {
      const text = turns[source].role === 'assistant' ? flatText(turns[source]) : turns[source].text;
      if (!message.text.includes(text)) problems.push(`turn ${source}'s text is not in the message written for it`);
    }
  }
  return problems;
}
