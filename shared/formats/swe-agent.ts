import { z } from 'zod';
import type { Conversation, Outcome, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord, isOptionalString } from './common-schemas';
import { isRecord } from './json-value';
import { turnOfOpenAiMessage, type OpenAiMessage } from './openai-message';
import { outcomeOfValue } from './record-fields';
import { writeNested } from './run-logs';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { sameTurn, type MessageCodec } from './write-record';

/**
 * SWE-agent trajectories (docs/formats.md, "swe-agent"), in the two forms they are shared in:
 * - flattened, as nebius' SWE-agent-trajectories dataset has them: `{instance_id, model_name,
 *   target, exit_status, trajectory: [{role: system|user|ai, text, system_prompt, mask}]}`: the
 *   system turn's text is in `system_prompt`, `mask` says which turns train, `target` whether the
 *   patch resolved the issue;
 * - SWE-agent's own `.traj` file: `history`, the messages the model saw (`{role, content,
 *   tool_calls?, tool_call_ids?}`), with `info.exit_status` and `info.submission`; when a file has
 *   no `history`, its `trajectory` steps (`{thought, action, observation, response}`) give an
 *   assistant turn and an observation each.
 */

const FLAT_ROLES = { system: 'system', user: 'user', ai: 'assistant', assistant: 'assistant', tool: 'tool' } as const;
type FlatRole = keyof typeof FLAT_ROLES;

const FLAT_STEP_SCHEMA = z.looseObject({
  role: z.enum(Object.keys(FLAT_ROLES) as [FlatRole, ...FlatRole[]]),
  text: z.string().nullable().optional(),
  system_prompt: z.string().nullable().optional(),
  mask: z.boolean().nullable().optional(),
});

const HISTORY_SCHEMA = z.looseObject({
  role: z.enum(['system', 'user', 'assistant', 'tool']),
  content: z.union([z.string(), z.null(), z.array(z.looseObject({ type: z.string(), text: z.string().optional() }))], { error: 'expected a string, null or a list of parts' }),
});

const STEP_SCHEMA = z.looseObject({
  thought: z.string().nullable().optional(),
  action: z.string().nullable().optional(),
  observation: z.string().nullable().optional(),
  response: z.string().nullable().optional(),
});

/** A SWE-agent record in either form: `trajectory` (flattened turns or `.traj` steps) or `history`. */
export const SWE_AGENT_SCHEMA = z
  .looseObject({
    trajectory: z.array(z.union([FLAT_STEP_SCHEMA, STEP_SCHEMA])).optional(),
    history: z.array(HISTORY_SCHEMA).optional(),
    info: z.looseObject({}).optional(),
  })
  .refine((record) => record.trajectory !== undefined || record.history !== undefined, { message: 'expected `trajectory` (turns or steps) or `history` (messages)' });

type Shape = 'flat' | 'history' | 'steps';

function isFlatStep(step: Record<string, unknown>): boolean {
  return Object.hasOwn(FLAT_ROLES, step.role as string) && isNullableString(step.text) && isNullableString(step.system_prompt) && (step.mask === undefined || step.mask === null || typeof step.mask === 'boolean');
}

function isNullableString(value: unknown): boolean {
  return value === null || isOptionalString(value);
}

function isHistoryMessage(message: Record<string, unknown>): boolean {
  if (message.role !== 'system' && message.role !== 'user' && message.role !== 'assistant' && message.role !== 'tool') return false;
  const content = message.content;
  return content === null || typeof content === 'string' || everyRecord(content, (part) => typeof part.type === 'string' && isOptionalString(part.text));
}

function isStep(step: Record<string, unknown>): boolean {
  return isNullableString(step.thought) && isNullableString(step.action) && isNullableString(step.observation) && isNullableString(step.response);
}

/** Twin of {@link SWE_AGENT_SCHEMA}. */
export function isSweAgentRecord(value: unknown): boolean {
  if (!isRecord(value) || (value.trajectory === undefined && value.history === undefined)) return false;
  if (value.trajectory !== undefined && !everyRecord(value.trajectory, (step) => isFlatStep(step) || isStep(step))) return false;
  if (value.history !== undefined && !everyRecord(value.history, isHistoryMessage)) return false;
  return value.info === undefined || isRecord(value.info);
}

/** Which form a valid record is in: flattened turns (every step has a role), a `.traj` history, or `.traj` steps. */
function shapeOf(value: unknown): Shape | null {
  if (!isRecord(value)) return null;
  if (Array.isArray(value.trajectory) && value.trajectory.length > 0 && value.trajectory.every((step) => isRecord(step) && isFlatStep(step))) return 'flat';
  if (Array.isArray(value.history)) return 'history';
  return Array.isArray(value.trajectory) ? 'steps' : null;
}

interface FlatStep {
  role: FlatRole;
  text?: string | null;
  system_prompt?: string | null;
  mask?: boolean | null;
}

/** A flattened step's turn: the system turn's text is its `system_prompt`; `mask` true means the turn trains. */
function flatTurn(step: FlatStep): Turn {
  const text = step.role === 'system' ? (step.system_prompt ?? step.text) : (step.text ?? step.system_prompt);
  return { role: FLAT_ROLES[step.role], text: text ?? '', loss: typeof step.mask === 'boolean' ? step.mask : null, from: step.role };
}

function historyTurn(message: Record<string, unknown>): Turn {
  const content = message.content;
  const openAi: OpenAiMessage = { role: message.role as OpenAiMessage['role'], content: Array.isArray(content) ? (content as { type: string; text?: string }[]).map((part) => (part.type === 'text' ? { type: 'text', text: part.text ?? '' } : part)) : (content as string | null) };
  if (Array.isArray(message.tool_calls)) openAi.tool_calls = message.tool_calls as OpenAiMessage['tool_calls'];
  const ids = message.tool_call_ids;
  if (Array.isArray(ids) && typeof ids[0] === 'string') openAi.tool_call_id = ids[0];
  else if (typeof message.tool_call_id === 'string') openAi.tool_call_id = message.tool_call_id;
  return turnOfOpenAiMessage(openAi);
}

function stepTurns(step: Record<string, unknown>): Turn[] {
  const turns: Turn[] = [];
  const response = typeof step.response === 'string' ? step.response : [step.thought, step.action].filter((part) => typeof part === 'string' && part !== '').join('\n');
  turns.push({ role: 'assistant', text: response, loss: null, from: 'response' });
  if (typeof step.observation === 'string') turns.push({ role: 'tool', text: step.observation, loss: null, from: 'observation' });
  return turns;
}

function turnsOf(record: Record<string, unknown>): Turn[] {
  switch (shapeOf(record)) {
    case 'flat':
      return (record.trajectory as FlatStep[]).map(flatTurn);
    case 'history':
      return (record.history as Record<string, unknown>[]).map(historyTurn);
    case 'steps':
      return (record.trajectory as Record<string, unknown>[]).flatMap(stepTurns);
    default:
      return [];
  }
}

/** `target` (nebius: whether the patch resolved the issue) or `resolved`, with the exit status. */
function outcomeOf(record: Record<string, unknown>): Outcome | undefined {
  const info = isRecord(record.info) ? record.info : {};
  const status = typeof record.exit_status === 'string' ? record.exit_status : typeof info.exit_status === 'string' ? info.exit_status : null;
  for (const [value, from] of [
    [record.target, 'target'],
    [record.resolved, 'resolved'],
    [info.resolved, 'info.resolved'],
  ] as const) {
    const outcome = outcomeOfValue(typeof value === 'string' && (value === 'True' || value === 'False') ? value === 'True' : value, from, status);
    if (outcome !== null) return outcome;
  }
  return status === null ? undefined : { reward: null, success: null, status, from: record.exit_status !== undefined ? 'exit_status' : 'info.exit_status' };
}

/** Turns under `trajectory` with roles system/user/ai, or a `.traj` file's `history` and `info`. */
function detect(value: unknown): number {
  if (!isRecord(value)) return 0;
  if (Array.isArray(value.trajectory) && value.trajectory.length > 0) {
    const steps = value.trajectory as unknown[];
    if (steps.every((step) => isRecord(step) && 'role' in step && ('text' in step || 'system_prompt' in step))) return 1;
    if (isRecord(value.info) && steps.every((step) => isRecord(step) && ('action' in step || 'observation' in step))) return 1;
  }
  if (Array.isArray(value.history) && isRecord(value.info)) return 0.95;
  return 0;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(SWE_AGENT_SCHEMA, isSweAgentRecord, value, context, turnsOf, (record) => ({
    id: typeof record.instance_id === 'string' ? record.instance_id : typeof record.id === 'string' ? record.id : undefined,
    outcome: outcomeOf(record),
    turnKeys: ['trajectory', 'history'],
  }));
}

const FLAT_CODEC: MessageCodec<FlatStep> = {
  schema: FLAT_STEP_SCHEMA as unknown as z.ZodType<FlatStep>,
  turnOf: flatTurn,
  build: (turn) =>
    turn.role === 'system'
      ? { role: 'system', text: null, system_prompt: turnText(turn), mask: turn.loss === true }
      : { role: turn.role === 'assistant' ? 'ai' : 'user', text: turnText(turn), system_prompt: null, mask: turn.loss ?? turn.role === 'assistant' },
};

const HISTORY_CODEC: MessageCodec<Record<string, unknown>> = {
  schema: HISTORY_SCHEMA as unknown as z.ZodType<Record<string, unknown>>,
  turnOf: historyTurn,
  build: (turn) => {
    const message: Record<string, unknown> = { role: turn.role, content: turn.text };
    if ((turn.toolCalls?.length ?? 0) > 0) message.tool_calls = turn.toolCalls!.map((call, k) => ({ id: call.id ?? `call_${k}`, type: 'function', function: { name: call.name, arguments: call.arguments } }));
    if (turn.callId !== undefined) message.tool_call_ids = [turn.callId];
    return message;
  },
};

/**
 * Writes the form the record was read in (a new record: the flattened form). A `.traj` read from
 * its steps is written with a `history` of the turns, since steps cannot hold an edited turn list.
 */
function write(conversation: Conversation): unknown {
  const shape = shapeOf(conversation.raw);
  if (shape === 'steps') {
    const read = turnsOf(conversation.raw as Record<string, unknown>);
    const unchanged = read.length === conversation.turns.length && read.every((turn, index) => sameTurn(turn, conversation.turns[index]));
    return unchanged ? conversation.raw : writeNested(conversation, HISTORY_CODEC, ['history']);
  }
  if (shape === 'history') return writeNested(conversation, HISTORY_CODEC, ['history']);
  return writeNested(conversation, FLAT_CODEC, ['trajectory'], 'instance_id');
}

/** SWE-agent trajectories (`swe-agent`). */
export const SWE_AGENT_FORMAT: Format = { name: 'swe-agent', detect, read, write };
