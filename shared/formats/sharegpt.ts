import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { everyRecord, ID_SCHEMA, isLossFlag, isOptionalId, isOptionalString, LOSS_FLAG_SCHEMA } from './common-schemas';
import { isRecord, turnsShape } from './json-value';
import { fromValueTurns, leadingAssistantTurns, SHAREGPT_ROLES, shareGptFromOf, shareGptValueOf, turnOfFromValue, type FromValueMessage, type ShareGptFrom } from './sharegpt-turns';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { writeFromValueRecord, type MessageCodec } from './write-record';

/** One ShareGPT turn: FastChat's roles, LLaMA-Factory's `function_call` and `observation`, and V3's other names; `loss` as AgentInstruct has it. */
export const SHAREGPT_TURN_SCHEMA = z.looseObject({
  from: z.enum(Object.keys(SHAREGPT_ROLES) as [ShareGptFrom, ...ShareGptFrom[]]),
  value: z.string(),
  loss: LOSS_FLAG_SCHEMA,
});

/**
 * A ShareGPT record as FastChat writes it (`id`, optional `model`, `conversations`) or as
 * LLaMA-Factory reads it (no id; optional `system` column and `tools` column, a JSON string).
 */
export const SHAREGPT_SCHEMA = z.looseObject({
  id: ID_SCHEMA,
  model: z.string().nullable().optional(),
  conversations: z.array(SHAREGPT_TURN_SCHEMA),
  system: z.string().optional(),
  tools: z.union([z.string(), z.array(z.unknown())], { error: 'expected a JSON string or an array of tool definitions' }).optional(),
});

const FROM_NAMES = new Set<unknown>(Object.keys(SHAREGPT_ROLES));

/** Twin of {@link SHAREGPT_SCHEMA}. */
export function isShareGptRecord(value: unknown): boolean {
  if (!isRecord(value) || !isOptionalId(value.id) || !isOptionalString(value.system)) return false;
  if (value.model !== null && !isOptionalString(value.model)) return false;
  if (!isOptionalString(value.tools) && !Array.isArray(value.tools)) return false;
  return everyRecord(value.conversations, (turn) => FROM_NAMES.has(turn.from) && typeof turn.value === 'string' && isLossFlag(turn.loss));
}

const CODEC: MessageCodec<FromValueMessage> = {
  schema: SHAREGPT_TURN_SCHEMA as unknown as z.ZodType<FromValueMessage>,
  turnOf: turnOfFromValue,
  build: buildShareGptTurn,
};

/** A new turn: the ShareGPT role name of the turn, its value (a call turn's value is the call), and `loss` only when the turn has a flag. */
function buildShareGptTurn(turn: Turn): unknown {
  const message: Record<string, unknown> = { from: shareGptFromOf(turn), value: shareGptValueOf(turn) };
  if (turn.loss !== null) message.loss = turn.loss;
  return message;
}

/** `{conversations: [{from, value}]}` is ShareGPT; AgentInstruct scores higher on records with task ids or loss flags. */
function detect(value: unknown): number {
  const shape = turnsShape(value, 'conversations', ['from', 'value']);
  return shape === 'match' ? 0.9 : shape === 'empty' ? 0.5 : 0;
}

/**
 * Reads a record; assistant turns that open its `conversations` are dropped as FastChat's trainer
 * drops them, and the conversation says so in `repairs` (docs/formats.md, "sharegpt").
 */
function read(value: unknown, context?: ReadContext): ReadResult {
  const result = readValidated(SHAREGPT_SCHEMA, isShareGptRecord, value, context, fromValueTurns);
  if (!result.ok) return result;
  const conversation = result.conversation;
  const start = typeof (value as { system?: unknown }).system === 'string' ? 1 : 0;
  const dropped = leadingAssistantTurns(conversation.turns, start);
  if (dropped > 0) {
    conversation.turns.splice(start, dropped);
    conversation.repairs = [{ kind: 'leading-assistant-dropped', turns: dropped }];
  }
  return result;
}

/**
 * Writes FastChat/LLaMA-Factory ShareGPT. Loss flags stay on the turns that have them; a record
 * that had a `system` column gets its leading system turn back in that column; tool definitions
 * are written as LLaMA-Factory's JSON string.
 */
function write(conversation: Conversation): unknown {
  return writeFromValueRecord(conversation, CODEC, { container: 'conversations', tools: 'string' });
}

/** ShareGPT as FastChat and LLaMA-Factory write it (`sharegpt`). */
export const SHAREGPT_FORMAT: Format = { name: 'sharegpt', detect, read, write };
