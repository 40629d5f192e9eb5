import { z } from 'zod';
import type { Role, Turn } from '../schema/conversation';
import { everyRecord, isOptionalString } from './common-schemas';
import { isRecord } from './json-value';
import { parseToolCallsText, toolCallsText, type ToolCallParts } from './tool-call-text';

/**
 * One OpenAI message and how it becomes a {@link Turn} and back.
 *
 * `Turn.text` of a message is built from, in this order and joined with "\n":
 * - `content` when it is a string (an empty string next to tool calls is left out); nothing when null;
 * - for a list of parts: each part's text, joined with "\n": `text` (OpenAI) or `value`
 *   (LLaMA-Factory) for `type: "text"`; any other part as `<type>value</type>` when it carries a
 *   string `value` (LLaMA-Factory's `reasoning`, `tool_calls`), else `<type/>` (an image, audio);
 * - the tool calls (`tool_calls`, or the legacy `function_call`) as one line in the form of a
 *   LLaMA-Factory `function_call` value (see tool-call-text.ts); the turn is then marked `toolCall`.
 * Writing a record back in this format reuses each original message that still reads as the same
 * turn, so `write(read(x))` gives `x` back exactly (parts, call ids, `name`, weights). A new message
 * is built from the text: content as a string, and for a tool-call turn structured `tool_calls`
 * when the text reads back unchanged that way (otherwise the text stays content).
 */

/** A content part: a text part must carry its text; other types (image_url, input_audio, reasoning...) pass. */
const CONTENT_PART_SCHEMA = z
  .looseObject({ type: z.string(), text: z.string().optional(), value: z.string().optional() })
  .refine((part) => part.type !== 'text' || typeof part.text === 'string' || typeof part.value === 'string', {
    message: 'expected a text part with a string `text` (OpenAI) or `value` (LLaMA-Factory)',
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
  const weight = message.weight;
  if (weight !== undefined && weight !== 0 && weight !== 1) return false;
  const lossWeight = message.loss_weight;
  return lossWeight === undefined || (typeof lossWeight === 'number' && Number.isFinite(lossWeight));
}

function isContentPart(part: Record<string, unknown>): boolean {
  if (typeof part.type !== 'string' || !isOptionalString(part.text) || !isOptionalString(part.value)) return false;
  return part.type !== 'text' || typeof part.text === 'string' || typeof part.value === 'string';
}

function isToolCall(call: Record<string, unknown>): boolean {
  return isOptionalString(call.id) && isOptionalString(call.type) && isRecord(call.function) && isFunction(call.function);
}

function isFunction(call: Record<string, unknown>): boolean {
  const parameters = call.arguments;
  return typeof call.name === 'string' && (typeof parameters === 'string' || isRecord(parameters));
}

/** A message after validation. */
export interface OpenAiMessage {
  role: OpenAiRole;
  content?: string | null | { type: string; text?: string; value?: string }[];
  tool_calls?: { id?: string; type?: string; function: ToolCallParts }[] | null;
  function_call?: ToolCallParts | null;
  weight?: 0 | 1;
  loss_weight?: number;
}

/** The turn a validated message normalizes to (see the module comment for the text). */
export function turnOfOpenAiMessage(message: OpenAiMessage): Turn {
  const calls = callsOf(message);
  const content = message.content;
  let text: string;
  if (typeof content === 'string') text = content === '' && calls !== null ? '' : content;
  else if (Array.isArray(content)) text = content.map(partText).join('\n');
  else text = '';
  if (calls !== null) text = text === '' ? toolCallsText(calls) : `${text}\n${toolCallsText(calls)}`;
  const turn: Turn = { role: OPENAI_ROLES[message.role], text, loss: lossOf(message), from: message.role };
  if (calls !== null) turn.toolCall = true;
  return turn;
}

function callsOf(message: OpenAiMessage): ToolCallParts[] | null {
  if (message.tool_calls !== undefined && message.tool_calls !== null && message.tool_calls.length > 0) {
    return message.tool_calls.map((call) => call.function);
  }
  return message.function_call !== undefined && message.function_call !== null ? [message.function_call] : null;
}

function partText(part: { type: string; text?: string; value?: string }): string {
  if (part.type === 'text') return part.text ?? part.value ?? '';
  return typeof part.value === 'string' ? `<${part.type}>${part.value}</${part.type}>` : `<${part.type}/>`;
}

/** `weight` 0|1 (OpenAI) wins over `loss_weight` (LLaMA-Factory, trained when > 0); neither means no flag. */
function lossOf(message: OpenAiMessage): boolean | null {
  if (message.weight !== undefined) return message.weight === 1;
  if (message.loss_weight !== undefined) return message.loss_weight > 0;
  return null;
}

/**
 * A new message for a turn. Loss flags become `weight: 0|1` on assistant messages, as OpenAI's
 * fine-tuning format takes them, and `loss_weight: 0|1` on other roles (OpenAI accepts weights only
 * on assistant messages; LLaMA-Factory reads `loss_weight` on any). Tool results answer the calls
 * of the nearest tool-call turn before them, by generated ids `call_<turn>_<k>`.
 */
export function buildOpenAiMessage(turn: Turn, index: number, turns: readonly Turn[]): Record<string, unknown> {
  const message = (turn.toolCall === true ? toolCallMessage(turn, index) : null) ?? plainMessage(turn, index, turns);
  if (turn.loss !== null) {
    if (turn.role === 'assistant') message.weight = turn.loss ? 1 : 0;
    else message.loss_weight = turn.loss ? 1 : 0;
  }
  return message;
}

function plainMessage(turn: Turn, index: number, turns: readonly Turn[]): Record<string, unknown> {
  if (turn.role !== 'tool') return { role: turn.from === 'developer' ? 'developer' : turn.role, content: turn.text };
  const callId = answeredCallId(index, turns);
  return callId === null ? { role: 'tool', content: turn.text } : { role: 'tool', tool_call_id: callId, content: turn.text };
}

/** The id of the call that the tool result at `index` answers: the k-th result after a tool-call turn answers its k-th call. */
function answeredCallId(index: number, turns: readonly Turn[]): string | null {
  let results = 0;
  for (let previous = index - 1; previous >= 0; previous--) {
    const turn = turns[previous];
    if (turn.toolCall === true) return `call_${previous}_${results}`;
    if (turn.role !== 'tool') return null;
    results++;
  }
  return null;
}

/** Structured `tool_calls` from the text's last line, or null when that would not read back as the same text. */
function toolCallMessage(turn: Turn, index: number): Record<string, unknown> | null {
  const newline = turn.text.lastIndexOf('\n');
  const calls = parseToolCallsText(turn.text.slice(newline + 1));
  if (calls === null) return null;
  const message = {
    role: 'assistant' as const,
    content: newline < 0 ? null : turn.text.slice(0, newline),
    tool_calls: calls.map((call, k) => ({ id: `call_${index}_${k}`, type: 'function', function: call })),
  };
  return turnOfOpenAiMessage(message).text === turn.text ? message : null;
}
