import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord, isLossFlag, LOSS_FLAG_SCHEMA } from './common-schemas';
import { isRecord } from './json-value';
import { fromValueTurns, turnOfFromValue, type FromValueMessage } from './sharegpt-turns';
import { taskFromId } from './task';
import type { Format, ReadContext, ReadResult } from './types';
import { turnsShape } from './json-value';
import { readValidated } from './validation';
import { writeFromValueRecord, type MessageCodec } from './write-record';

/** One AgentInstruct turn: only `human` and `gpt` occur (THUDM/AgentInstruct; observations are human turns). */
export const AGENTINSTRUCT_TURN_SCHEMA = z.looseObject({
  from: z.enum(['human', 'gpt']),
  value: z.string(),
  loss: LOSS_FLAG_SCHEMA,
});

/** An AgentInstruct record: `{id, conversations: [{from, value, loss}]}`; other fields (ETO's `reward`, `source`) pass through. */
export const AGENTINSTRUCT_SCHEMA = z.looseObject({
  id: z.string(),
  conversations: z.array(AGENTINSTRUCT_TURN_SCHEMA),
});

/** Twin of {@link AGENTINSTRUCT_SCHEMA}. */
export function isAgentInstructRecord(value: unknown): boolean {
  return (
    isRecord(value) &&
    typeof value.id === 'string' &&
    everyRecord(value.conversations, (turn) => (turn.from === 'human' || turn.from === 'gpt') && typeof turn.value === 'string' && isLossFlag(turn.loss))
  );
}

const CODEC: MessageCodec<FromValueMessage> = {
  schema: AGENTINSTRUCT_TURN_SCHEMA as unknown as z.ZodType<FromValueMessage>,
  turnOf: turnOfFromValue,
  build: buildAgentInstructTurn,
};

/**
 * AgentInstruct has only `human` and `gpt`: assistant turns become `gpt`, their reasoning and tool
 * calls written into the value as the turn's text (shared/schema/turn-text.ts);
 * system prompts and tool results become `human`, as AgentInstruct itself writes the task prompt and
 * the environment's observations. Every turn carries `loss`, null included, as the dataset does.
 */
function buildAgentInstructTurn(turn: Turn): unknown {
  return { from: turn.role === 'assistant' ? 'gpt' : 'human', value: turnText(turn), loss: turn.loss };
}

/**
 * How much a record looks like AgentInstruct: `{id, conversations: [{from, value}]}` with only
 * human/gpt turns, and an id of one of the six tasks (`os_42`) or `loss` flags on turns. Plain
 * ShareGPT (no task id, no flags) scores low so that `sharegpt` wins it.
 */
function detect(value: unknown): number {
  if (turnsShape(value, 'conversations', ['from', 'value']) !== 'match' || typeof (value as { id?: unknown }).id !== 'string') return 0;
  const { id, conversations: turns } = value as { id: string; conversations: Record<string, unknown>[] };
  const onlyHumanAndGpt = turns.every((turn) => turn.from === 'human' || turn.from === 'gpt');
  const flagged = turns.some((turn) => 'loss' in turn);
  if (taskFromId(id) !== null) return onlyHumanAndGpt ? 1 : 0.6;
  if (flagged) return onlyHumanAndGpt ? 0.95 : 0.6;
  return 0.2;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(AGENTINSTRUCT_SCHEMA, isAgentInstructRecord, value, context, fromValueTurns);
}

/** Writes AgentInstruct; its ids are strings, so a numeric id (Code-Feedback's) is written as its text. */
function write(conversation: Conversation): unknown {
  const record = writeFromValueRecord(conversation, CODEC, { container: 'conversations' });
  if (typeof record.id === 'number') record.id = String(record.id);
  return record;
}

/** The native AgentInstruct format (`agentinstruct`). */
export const AGENTINSTRUCT_FORMAT: Format = { name: 'agentinstruct', detect, read, write };
