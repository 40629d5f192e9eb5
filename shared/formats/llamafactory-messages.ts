import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { toolCallsText } from '../schema/turn-text';
import { everyRecord, ID_SCHEMA, isOptionalId, isOptionalString } from './common-schemas';
import { isRecord, turnsShape } from './json-value';
import { hasValueParts, OPENAI_ROLES, turnOfOpenAiMessage, type OpenAiMessage } from './openai-message';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { writeRecord, type MessageCodec } from './write-record';

/**
 * LLaMA-Factory v1's `messages` (docs/formats.md, "llamafactory-messages"): each message's
 * `content` is a list of typed parts `{type, value}` (`text`, `reasoning`, `tool_call` whose value
 * is a call as JSON text, media types), with a per-message `loss_weight`, and `tools` as a JSON
 * string. Parts are read as openai-message.ts reads them: text parts are the text, reasoning parts
 * the reasoning, tool_call parts the calls.
 */

const PART_SCHEMA = z.looseObject({ type: z.string(), value: z.string({ error: 'expected a string `value` (LLaMA-Factory v1 parts carry their content in `value`)' }) });

/** One v1 message. */
export const LLAMAFACTORY_MESSAGE_SCHEMA = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.array(PART_SCHEMA, { error: 'expected a list of {type, value} parts' }),
  loss_weight: z.number().optional(),
});

/** A v1 record: `{messages, tools?}`; other fields pass through. */
export const LLAMAFACTORY_MESSAGES_SCHEMA = z.looseObject({
  id: ID_SCHEMA,
  messages: z.array(LLAMAFACTORY_MESSAGE_SCHEMA),
  tools: z.union([z.string(), z.array(z.unknown())], { error: 'expected a JSON string or an array of tool definitions' }).optional(),
});

const ROLES = new Set<unknown>(['system', 'user', 'assistant', 'tool']);

function isPart(part: Record<string, unknown>): boolean {
  return typeof part.type === 'string' && typeof part.value === 'string';
}

/** Twin of {@link LLAMAFACTORY_MESSAGES_SCHEMA}. */
export function isLlamaFactoryMessagesRecord(value: unknown): boolean {
  if (!isRecord(value) || !isOptionalId(value.id)) return false;
  if (!isOptionalString(value.tools) && !Array.isArray(value.tools)) return false;
  return everyRecord(value.messages, (message) => {
    if (!ROLES.has(message.role)) return false;
    if (!everyRecord(message.content, isPart)) return false;
    const weight = message.loss_weight;
    return weight === undefined || (typeof weight === 'number' && Number.isFinite(weight));
  });
}

interface LlamaFactoryMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: { type: string; value: string }[];
  loss_weight?: number;
}

function turnOf(message: LlamaFactoryMessage): Turn {
  return turnOfOpenAiMessage(message as OpenAiMessage);
}

/** A new v1 message: reasoning, text and each call as parts, `loss_weight` 1.0/0.0 from the loss flag. */
function build(turn: Turn): unknown {
  const parts: { type: string; value: string }[] = [];
  if (turn.reasoning !== undefined) parts.push({ type: 'reasoning', value: turn.reasoning });
  if (turn.text !== '' || (turn.toolCalls?.length ?? 0) === 0) parts.push({ type: 'text', value: turn.text });
  for (const call of turn.toolCalls ?? []) parts.push({ type: 'tool_call', value: toolCallsText([call]) });
  const message: Record<string, unknown> = { role: turn.role in OPENAI_ROLES ? turn.role : 'user', content: parts };
  if (turn.loss !== null) message.loss_weight = turn.loss ? 1.0 : 0.0;
  return message;
}

const CODEC: MessageCodec<LlamaFactoryMessage> = {
  schema: LLAMAFACTORY_MESSAGE_SCHEMA as unknown as z.ZodType<LlamaFactoryMessage>,
  turnOf,
  build,
};

/** `{messages}` whose content is v1 parts. */
function detect(value: unknown): number {
  if (turnsShape(value, 'messages', ['role', 'content']) !== 'match') return 0;
  return hasValueParts((value as { messages: Record<string, unknown>[] }).messages) ? 1 : 0;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(LLAMAFACTORY_MESSAGES_SCHEMA, isLlamaFactoryMessagesRecord, value, context, (record) => (record.messages as LlamaFactoryMessage[]).map(turnOf));
}

/** Writes v1 messages; tool definitions stay a JSON string. */
function write(conversation: Conversation): unknown {
  return writeRecord(conversation, CODEC, { container: 'messages', tools: 'string' });
}

/** LLaMA-Factory v1 messages with typed parts (`llamafactory-messages`). */
export const LLAMAFACTORY_MESSAGES_FORMAT: Format = { name: 'llamafactory-messages', detect, read, write };
