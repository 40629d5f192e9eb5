import type { z } from 'zod';
import type { Conversation, ToolCall, Turn } from '../schema/conversation';
import { isRecord, turnsShape } from './json-value';

/** The record keys that hold turns in the formats we read. A writer drops the one it does not write. */
const TURN_CONTAINERS = new Set(['conversations', 'messages']);

/** How a writer wants the record around its turns. */
export interface RecordShape {
  /** The key that holds the written turns. */
  container: 'conversations' | 'messages';
  /** ShareGPT's `system` column, when the writer puts the leading system turn there. */
  systemColumn?: string;
  /** How the format stores tool definitions: LLaMA-Factory's JSON string column or OpenAI's array. */
  tools?: 'string' | 'array';
}

/** The parsed record of a conversation when it is a JSON object, else an empty one. */
export function rawRecord(conversation: Conversation): Readonly<Record<string, unknown>> {
  const raw = conversation.raw;
  return isRecord(raw) ? raw : {};
}

/**
 * True when the original record is ShareGPT-shaped with a `system` column (LLaMA-Factory): the
 * ShareGPT-shaped readers fold that column into a leading system turn, so writers must not carry
 * the column as well; the ShareGPT-shaped writers put that turn back in it.
 */
export function hasFoldedSystem(conversation: Conversation): boolean {
  const raw = rawRecord(conversation);
  return typeof raw.system === 'string' && turnsShape(raw, 'conversations', ['from', 'value']) !== null;
}

/**
 * Writes a conversation in a ShareGPT-shaped format: when the original had a `system` column, a
 * leading system turn goes back into it (and when that turn was removed, so is the column).
 */
export function writeFromValueRecord<M>(conversation: Conversation, codec: MessageCodec<M>, shape: RecordShape): Record<string, unknown> {
  const turns = conversation.turns;
  if (!hasFoldedSystem(conversation) || turns[0]?.role !== 'system') return writeRecord(conversation, codec, shape);
  return writeRecord(conversation, codec, { ...shape, systemColumn: turns[0].text }, turns.slice(1));
}

/**
 * Builds the written record: every field of the original record in its order (so a record written
 * in its own format comes back equal, and other formats carry its extra fields such as `reward` or
 * `source`), the turns under `shape.container`, the id from the conversation, the `system` column
 * only where it belongs, and tool definitions converted to the target's form.
 */
export function assembleRecord(conversation: Conversation, messages: unknown[], shape: RecordShape): Record<string, unknown> {
  const raw = rawRecord(conversation);
  const folded = hasFoldedSystem(conversation);
  const record: Record<string, unknown> = {};
  if (!('id' in raw) && conversation.id !== null) record.id = conversation.id;
  for (const [key, value] of Object.entries(raw)) {
    if (key === 'id') {
      if (conversation.id !== null) record.id = String(value) === conversation.id ? value : conversation.id;
    } else if (TURN_CONTAINERS.has(key) || conversation.turnKeys?.includes(key) === true) {
      // The turns go where the original kept its turns, whatever that key was called.
      record[shape.container] = messages;
    } else if (key === 'system' && folded) {
      if (shape.systemColumn !== undefined) record.system = shape.systemColumn;
    } else if (key === 'tools') {
      record.tools = convertTools(value, shape.tools);
    } else {
      record[key] = value;
    }
  }
  if (!(shape.container in record)) record[shape.container] = messages;
  return record;
}

/**
 * LLaMA-Factory keeps tool definitions as a JSON string of `[{name, description, parameters}]`;
 * OpenAI as an array of `{type: "function", function: {...}}`. Anything that does not convert
 * cleanly is kept as it was rather than lost.
 */
function convertTools(value: unknown, target: RecordShape['tools']): unknown {
  if (target === 'array' && typeof value === 'string') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(value);
    } catch {
      return value;
    }
    if (!Array.isArray(parsed)) return value;
    return parsed.map((definition: unknown) => (isWrappedFunction(definition) ? definition : { type: 'function', function: definition }));
  }
  if (target === 'string' && Array.isArray(value)) {
    return JSON.stringify(value.map((definition: unknown) => (isWrappedFunction(definition) ? definition.function : definition)));
  }
  return value;
}

function isWrappedFunction(value: unknown): value is { type: 'function'; function: unknown } {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'function' && 'function' in value;
}

/** True when two turns say the same thing: role, text, loss flag, source role name, tool calls, reasoning and the call a result answers. */
export function sameTurn(left: Turn, right: Turn): boolean {
  return (
    left.role === right.role &&
    left.text === right.text &&
    left.loss === right.loss &&
    left.from === right.from &&
    left.reasoning === right.reasoning &&
    left.callId === right.callId &&
    left.name === right.name &&
    sameCalls(left.toolCalls, right.toolCalls)
  );
}

function sameCalls(left: readonly ToolCall[] | undefined, right: readonly ToolCall[] | undefined): boolean {
  const leftCount = left?.length ?? 0;
  if (leftCount !== (right?.length ?? 0)) return false;
  for (let index = 0; index < leftCount; index++) {
    const a = (left as ToolCall[])[index];
    const b = (right as ToolCall[])[index];
    if (a.id !== b.id || a.name !== b.name || a.arguments !== b.arguments) return false;
  }
  return true;
}

/** How a format reads and builds single messages, for {@link writeMessages}. */
export interface MessageCodec<M> {
  /** The zod schema of one message. */
  schema: z.ZodType<M>;
  /** The turn a valid message normalizes to. */
  turnOf(message: M): Turn;
  /** A new message for a turn (with its position among all the turns, for ids such as tool call ids). */
  build(turn: Turn, index: number, turns: readonly Turn[]): unknown;
}

/**
 * Writes each turn as a message. Where the original record has, at the same position, a message
 * of this format that reads back as the same turn, that message is written as it was, with all its
 * fields (`name`, `tool_call_id`, content parts, a `loss` key left out or written as null...);
 * otherwise a new one is built.
 */
export function writeMessages<M>(turns: readonly Turn[], originals: unknown, codec: MessageCodec<M>): unknown[] {
  const previous = Array.isArray(originals) ? originals : [];
  return turns.map((turn, index) => {
    const original: unknown = previous[index];
    if (original !== undefined) {
      const parsed = codec.schema.safeParse(original);
      if (parsed.success && sameTurn(codec.turnOf(original as M), turn)) return original;
    }
    return codec.build(turn, index, turns);
  });
}

/** Writes a conversation's turns (or the given subset) with a format's codec into the record shape. */
export function writeRecord<M>(conversation: Conversation, codec: MessageCodec<M>, shape: RecordShape, turns: readonly Turn[] = conversation.turns): Record<string, unknown> {
  const messages = writeMessages(turns, originalMessages(conversation, shape.container), codec);
  return assembleRecord(conversation, messages, shape);
}

/**
 * The original record's messages under `container`, lined up with the conversation's turns: when
 * the reader dropped leading turns (a repair), they are left out here too, so each turn meets the
 * message it was read from, and the written record holds what trains.
 */
function originalMessages(conversation: Conversation, container: string): unknown {
  const originals = rawRecord(conversation)[container];
  const dropped = conversation.repairs?.reduce((total, repair) => total + repair.turns, 0) ?? 0;
  return dropped > 0 && Array.isArray(originals) ? originals.slice(dropped) : originals;
}
