import { z } from 'zod';
import type { Conversation } from '../schema/conversation';
import { everyRecord, ID_SCHEMA, isOptionalId } from './common-schemas';
import { isRecord, turnsShape } from './json-value';
import { buildOpenAiMessage, hasValueParts, isOpenAiMessage, OPENAI_MESSAGE_SCHEMA, turnOfOpenAiMessage, type OpenAiMessage } from './openai-message';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { writeRecord, type MessageCodec } from './write-record';

/**
 * An OpenAI chat record, `{messages: [...]}` (fine-tuning JSONL, FireAct, LLaMA-Factory's v1 JSONL),
 * with optional `tools` and any other fields (an `id`...) passing through. Messages: see
 * openai-message.ts.
 */
export const OPENAI_SCHEMA = z.looseObject({
  id: ID_SCHEMA,
  messages: z.array(OPENAI_MESSAGE_SCHEMA),
});

/** Twin of {@link OPENAI_SCHEMA}. */
export function isOpenAiRecord(value: unknown): boolean {
  return isRecord(value) && isOptionalId(value.id) && everyRecord(value.messages, isOpenAiMessage);
}

const CODEC: MessageCodec<OpenAiMessage> = {
  schema: OPENAI_MESSAGE_SCHEMA as unknown as z.ZodType<OpenAiMessage>,
  turnOf: turnOfOpenAiMessage,
  build: buildOpenAiMessage,
};

/** `{messages: [{role}]}`; records whose content is LLaMA-Factory v1 parts score lower, so llamafactory-messages wins them. */
function detect(value: unknown): number {
  const shape = turnsShape(value, 'messages', ['role']);
  if (shape !== 'match') return shape === 'empty' ? 0.5 : 0;
  return hasValueParts((value as { messages: Record<string, unknown>[] }).messages) ? 0.5 : 1;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(OPENAI_SCHEMA, isOpenAiRecord, value, context, (record) => (record.messages as OpenAiMessage[]).map(turnOfOpenAiMessage));
}

/** Writes `{messages}` with `weight: 0|1` from the loss flags and tool definitions as OpenAI's array. */
function write(conversation: Conversation): unknown {
  return writeRecord(conversation, CODEC, { container: 'messages', tools: 'array' });
}

/** OpenAI chat messages (`openai`). */
export const OPENAI_FORMAT: Format = { name: 'openai', detect, read, write };
