import { z } from 'zod';
import type { Role, ToolCall, Turn } from '../schema/conversation';
import { everyRecord, isOptionalString } from './common-schemas';
import { isRecord } from './json-value';
import { argumentsText, toolCallsOfText, type ToolCallParts } from './tool-call-text';

/**
 * One OpenAI message and how it becomes a {@link Turn} and back (docs/formats.md, "openai").
 *
 * - `content` as a string is the turn's text (nothing when null). A list of parts is read by type:
 *   `text` parts (`text` as OpenAI writes it, `value` as LLaMA-Factory v1 does) are the text, joined
 *   with "\n"; LLaMA-Factory's `reasoning` parts are the turn's reasoning; its `tool_call` parts
 *   (`{"name", "arguments"}` as JSON text) are tool calls; other parts (images, audio) stay in the
 *   raw record only.
 * - `tool_calls` (and the legacy `function_call`) are the turn's tool calls, with their ids;
 *   `reasoning_content` is its reasoning; a tool message's `tool_call_id` and `name` say which call
 *   it answers.
 * Writing a record back in this format reuses each original message that still reads as the same
 * turn, so `write(read(x))` gives `x` back exactly (parts, call ids, `name`, weights).
 */

/**
 * A content part as OpenAI writes it: a text part carries its `text`; other types (image_url,
 * input_audio...) pass. LLaMA-Factory v1's parts, `{type, value}`, are the llamafactory-messages
 * format's (llamafactory-messages.ts), which reads them with the same turn mapping.
 */
const CONTENT_PART_SCHEMA = z
  .looseObject({ type: z.string(), text: z.string().optional(), value: z.unknown().optional() })
  .refine((part) => part.value === undefined, {
    message: 'expected an OpenAI content part (a part with a `value` is LLaMA-Factory v1: llamafactory-messages)',
  })
  .refine((part) => part.type !== 'text' || typeof part.text === 'string', {
    message: 'expected a text part with a string `text`',
  });

const CONTENT_SCHEMA = z.union([z.string(), z.null(), z.array(CONTENT_PART_SCHEMA)], {
  error: 'expected a string, null or a list of content parts',
});

const FUNCTION_SCHEMA = z.looseObject({
  name: z.string(),
  arguments: z.union([z.string(), z.record(z.string(), z.unknown())], { error: 'expected a JSON string or an object' }),
});

const TOOL_CALL_SCHEMA = z.looseObject({ id: z.string().optional(), type: z.string().optional(), function: FUNCTION_SCHEMA });

/** The normalized role of each OpenAI role; `developer` is OpenAI's newer name for system, `function` the legacy tool result. */
export const OPENAI_ROLES = {
  system: 'system',
  developer: 'system',
  user: 'user',
  assistant: 'assistant',
  tool: 'tool',
  function: 'tool',
} as const satisfies Record<string, Role>;

type OpenAiRole = keyof typeof OPENAI_ROLES;

/** One message: roles, content in its three forms, tool calls, and the per-message loss weights. */
export const OPENAI_MESSAGE_SCHEMA = z.looseObject({
  role: z.enum(Object.keys(OPENAI_ROLES) as [OpenAiRole, ...OpenAiRole[]]),
  content: CONTENT_SCHEMA.optional(),
  tool_calls: z.array(TOOL_CALL_SCHEMA).nullable().optional(),
  function_call: FUNCTION_SCHEMA.nullable().optional(),
  tool_call_id: z.string().nullable().optional(),
  name: z.string().nullable().optional(),
  reasoning_content: z.string().nullable().optional(),
  // OpenAI fine-tuning: weight 0 or 1 on assistant messages.
  weight: z.literal([0, 1]).optional(),
  // LLaMA-Factory's per-message loss weight (0.0 for user, 1.0 for assistant in v1_sft_demo.jsonl).
  loss_weight: z.number().optional(),
});

const ROLE_NAMES = new Set<unknown>(Object.keys(OPENAI_ROLES));

/** Twin of {@link OPENAI_MESSAGE_SCHEMA} (see common-schemas.ts). */
export function isOpenAiMessage(message: Record<string, unknown>): boolean {
  if (!ROLE_NAMES.has(message.role)) return false;
  const content = message.content;
  if (content !== undefined && content !== null && typeof content !== 'string' && !everyRecord(content, isContentPart)) return false;
  const calls = message.tool_calls;
  if (calls !== undefined && calls !== null && !everyRecord(calls, isToolCall)) return false;
  const call = message.function_call;
  if (call !== undefined && call !== null && !(isRecord(call) && isFunction(call))) return false;
  if (!isOptionalText(message.tool_call_id) || !isOptionalText(message.name) || !isOptionalText(message.reasoning_content)) return false;
  const weight = message.weight;
  if (weight !== undefined && weight !== 0 && weight !== 1) return false;
  const lossWeight = message.loss_weight;
  return lossWeight === undefined || (typeof lossWeight === 'number' && Number.isFinite(lossWeight));
}

function isOptionalText(value: unknown): boolean {
  return value === null || isOptionalString(value);
}

function isContentPart(part: Record<string, unknown>): boolean {
  if (typeof part.type !== 'string' || !isOptionalString(part.text) || part.value !== undefined) return false;
  return part.type !== 'text' || typeof part.text === 'string';
}

function isToolCall(call: Record<string, unknown>): boolean {
  return isOptionalString(call.id) && isOptionalString(call.type) && isRecord(call.function) && isFunction(call.function);
}

function isFunction(call: Record<string, unknown>): boolean {
  const parameters = call.arguments;
  return typeof call.name === 'string' && (typeof parameters === 'string' || isRecord(parameters));
}

/** A content part after validation. */
interface ContentPart {
  type: string;
  text?: string;
  value?: string;
}

/** A message after validation. */
export interface OpenAiMessage {
  role: OpenAiRole;
  content?: string | null | ContentPart[];
  tool_calls?: { id?: string; type?: string; function: ToolCallParts }[] | null;
  function_call?: ToolCallParts | null;
  tool_call_id?: string | null;
  name?: string | null;
  reasoning_content?: string | null;
  weight?: 0 | 1;
  loss_weight?: number;
}

/** The turn a validated message normalizes to (see the module comment). */
export function turnOfOpenAiMessage(message: OpenAiMessage): Turn {
  const content = message.content;
  const calls: ToolCall[] = [];
  const reasoning: string[] = [];
  let text = '';
  if (typeof content === 'string') text = content;
  else if (Array.isArray(content)) text = readParts(content, calls, reasoning);
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    for (const call of message.tool_calls) {
      const written: ToolCall = { name: call.function.name, arguments: argumentsText(call.function.arguments) };
      if (call.id !== undefined) written.id = call.id;
      calls.push(written);
    }
  }
  if (message.function_call !== undefined && message.function_call !== null) {
    calls.push({ name: message.function_call.name, arguments: argumentsText(message.function_call.arguments) });
  }
  if (typeof message.reasoning_content === 'string') reasoning.unshift(message.reasoning_content);
  const turn: Turn = { role: OPENAI_ROLES[message.role], text, loss: lossOf(message), from: message.role };
  if (calls.length > 0) turn.toolCalls = calls;
  if (reasoning.length > 0) turn.reasoning = reasoning.join('\n');
  if (turn.role === 'tool') {
    if (typeof message.tool_call_id === 'string') turn.callId = message.tool_call_id;
    if (typeof message.name === 'string') turn.name = message.name;
  }
  return turn;
}

/** The text of a list of parts; reasoning and tool-call parts go to their own lists (a tool-call part that holds no call stays text). */
function readParts(parts: readonly ContentPart[], calls: ToolCall[], reasoning: string[]): string {
  const texts: string[] = [];
  for (const part of parts) {
    const value = part.value ?? part.text;
    if (part.type === 'text') texts.push(value ?? '');
    else if (part.type === 'reasoning' || part.type === 'thinking') {
      if (value !== undefined) reasoning.push(value);
    } else if (part.type === 'tool_call' && value !== undefined) {
      const found = toolCallsOfText(value);
      if (found === null) texts.push(value);
      else for (const call of found) calls.push(call);
    }
  }
  return texts.join('\n');
}

/** `weight` 0|1 (OpenAI) wins over `loss_weight` (LLaMA-Factory, trained when > 0); neither means no flag. */
function lossOf(message: OpenAiMessage): boolean | null {
  if (message.weight !== undefined) return message.weight === 1;
  if (message.loss_weight !== undefined) return message.loss_weight > 0;
  return null;
}

/**
 * A new message for a turn. Tool calls become `tool_calls` (ids kept, or generated as
 * `call_<turn>_<k>`); reasoning is written as a `reasoning` content part before the text part,
 * since OpenAI's message has no field for it (a trainer's export decides what to do with it). Loss flags become `weight: 0|1` on assistant messages, as OpenAI's
 * fine-tuning format takes them, and `loss_weight: 0|1` on other roles (OpenAI accepts weights only
 * on assistant messages; LLaMA-Factory reads `loss_weight` on any). A tool result names the call it
 * answers: its own `callId`, else the call at its position after the nearest turn with calls.
 */
export function buildOpenAiMessage(turn: Turn, index: number, turns: readonly Turn[]): Record<string, unknown> {
  const message: Record<string, unknown> = turn.role === 'tool' ? toolMessage(turn, index, turns) : { role: turn.from === 'developer' ? 'developer' : turn.role, content: turn.text };
  if (turn.reasoning !== undefined) {
    const parts: ContentPart[] = [{ type: 'reasoning', text: turn.reasoning }];
    if (turn.text !== '') parts.push({ type: 'text', text: turn.text });
    message.content = parts;
  }
  const calls = turn.toolCalls;
  if (calls !== undefined && calls.length > 0) {
    if (turn.reasoning === undefined && turn.text === '') message.content = null;
    message.tool_calls = calls.map((call, k) => ({ id: call.id ?? generatedCallId(index, k), type: 'function', function: { name: call.name, arguments: call.arguments } }));
  }
  if (turn.loss !== null) {
    if (turn.role === 'assistant') message.weight = turn.loss ? 1 : 0;
    else message.loss_weight = turn.loss ? 1 : 0;
  }
  return message;
}

function generatedCallId(turn: number, call: number): string {
  return `call_${turn}_${call}`;
}

function toolMessage(turn: Turn, index: number, turns: readonly Turn[]): Record<string, unknown> {
  const callId = turn.callId ?? answeredCallId(index, turns);
  return callId === null ? { role: 'tool', content: turn.text } : { role: 'tool', tool_call_id: callId, content: turn.text };
}

/** The id of the call that the tool result at `index` answers: the k-th result after a turn with calls answers its k-th call. */
function answeredCallId(index: number, turns: readonly Turn[]): string | null {
  let results = 0;
  for (let previous = index - 1; previous >= 0; previous--) {
    const turn = turns[previous];
    const calls = turn.toolCalls;
    if (calls !== undefined && calls.length > 0) return results < calls.length ? (calls[results].id ?? generatedCallId(previous, results)) : null;
    if (turn.role !== 'tool') return null;
    results++;
  }
  return null;
}

/** True when some message's content is a list of parts in LLaMA-Factory v1's `{type, value}` form. */
export function hasValueParts(messages: readonly Record<string, unknown>[]): boolean {
  return messages.some((message) => Array.isArray(message.content) && message.content.some((part) => isRecord(part) && typeof part.value === 'string' && !('text' in part)));
}
