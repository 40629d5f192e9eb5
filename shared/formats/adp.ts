import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord, ID_SCHEMA, isOptionalId, isOptionalString } from './common-schemas';
import { isRecord } from './json-value';
import { argumentsText } from './tool-call-text';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { writeNested } from './run-logs';
import { sameTurn, type MessageCodec } from './write-record';

/**
 * The Agent Data Protocol's standardized form (neulab; docs/formats.md, "adp"):
 * `{id, content: [step], details}`, each step a class:
 * - `text_observation` `{content, source: user|environment|agent|system, name?}`: a user turn, a
 *   system turn, an assistant message (`agent`), or a tool result: from the environment, or any
 *   observation that directly follows an action (AgentInstruct's KG feedback is `user`-sourced);
 * - `code_action` `{language, content, description?}`: an assistant turn calling the tool named by
 *   the language with `{"code": content}`;
 * - `api_action` `{function, kwargs, description?}`: an assistant turn calling `function(kwargs)`;
 * - `message_action` `{content, description?}`: an assistant message.
 * An action's `description` (the agent's thought) is the turn's reasoning.
 */

const STEP_SCHEMA = z.looseObject({
  class_: z.enum(['text_observation', 'code_action', 'api_action', 'message_action'], { error: 'expected one of text_observation, code_action, api_action, message_action' }),
  content: z.string().nullable().optional(),
  description: z.string().nullable().optional(),
  source: z.string().nullable().optional(),
  language: z.string().nullable().optional(),
  function: z.string().nullable().optional(),
  kwargs: z.record(z.string(), z.unknown()).nullable().optional(),
});

/** An ADP standardized record. */
export const ADP_SCHEMA = z.looseObject({
  id: ID_SCHEMA,
  content: z.array(STEP_SCHEMA),
});

const CLASSES = new Set<unknown>(['text_observation', 'code_action', 'api_action', 'message_action']);

function isNullableString(value: unknown): boolean {
  return value === null || isOptionalString(value);
}

function isStep(step: Record<string, unknown>): boolean {
  if (!CLASSES.has(step.class_)) return false;
  if (!isNullableString(step.content) || !isNullableString(step.description) || !isNullableString(step.source) || !isNullableString(step.language) || !isNullableString(step.function)) return false;
  return step.kwargs === undefined || step.kwargs === null || isRecord(step.kwargs);
}

/** Twin of {@link ADP_SCHEMA}. */
export function isAdpRecord(value: unknown): boolean {
  return isRecord(value) && isOptionalId(value.id) && everyRecord(value.content, isStep);
}

interface Step {
  class_: 'text_observation' | 'code_action' | 'api_action' | 'message_action';
  content?: string | null;
  description?: string | null;
  source?: string | null;
  language?: string | null;
  function?: string | null;
  kwargs?: Record<string, unknown> | null;
  name?: string | null;
}

const OBSERVER_ROLES: Record<string, Turn['role']> = { user: 'user', environment: 'tool', agent: 'assistant', system: 'system' };

/** The turn of one step; `afterAction` says whether the step before it was a code or API action. */
function stepTurn(step: Step, afterAction: boolean): Turn {
  const description = step.description ?? undefined;
  switch (step.class_) {
    case 'text_observation': {
      const role = afterAction ? 'tool' : (OBSERVER_ROLES[step.source ?? 'user'] ?? 'user');
      const turn: Turn = { role, text: step.content ?? '', loss: null, from: `text_observation:${step.source ?? 'user'}` };
      if (role === 'tool' && typeof step.name === 'string') turn.name = step.name;
      return turn;
    }
    case 'code_action':
      return withReasoning({ role: 'assistant', text: '', loss: null, from: 'code_action', toolCalls: [{ name: step.language ?? 'code', arguments: argumentsText({ code: step.content ?? '' }) }] }, description);
    case 'api_action':
      return withReasoning({ role: 'assistant', text: '', loss: null, from: 'api_action', toolCalls: [{ name: step.function ?? '', arguments: argumentsText(step.kwargs ?? {}) }] }, description);
    case 'message_action':
      return withReasoning({ role: 'assistant', text: step.content ?? '', loss: null, from: 'message_action' }, description);
  }
}

function withReasoning(turn: Turn, description: string | undefined): Turn {
  if (description !== undefined) turn.reasoning = description;
  return turn;
}

function turnsOf(record: Record<string, unknown>): Turn[] {
  const steps = record.content as Step[];
  return steps.map((step, index) => stepTurn(step, index > 0 && (steps[index - 1].class_ === 'code_action' || steps[index - 1].class_ === 'api_action')));
}

/** A new step for a turn: a call becomes a code action when it is `{"code": ...}`, else an API action. */
function buildStep(turn: Turn): unknown {
  const description = turn.reasoning === undefined ? {} : { description: turn.reasoning };
  const call = turn.toolCalls?.[0];
  if (turn.role === 'assistant' && call !== undefined) {
    let args: unknown;
    try {
      args = JSON.parse(call.arguments);
    } catch {
      args = { arguments: call.arguments };
    }
    const record = isRecord(args) ? args : { arguments: args };
    if (Object.keys(record).length === 1 && typeof record.code === 'string' && turn.from !== 'api_action') return { class_: 'code_action', language: call.name, content: record.code, ...description };
    return { class_: 'api_action', function: call.name, kwargs: record, ...description };
  }
  if (turn.role === 'assistant') return { class_: 'message_action', content: turn.text, ...description };
  const source = { user: 'user', tool: 'environment', system: 'system' }[turn.role];
  return { class_: 'text_observation', content: turnText(turn), source, name: turn.name ?? null };
}

const CODEC: MessageCodec<Step> = {
  schema: STEP_SCHEMA as unknown as z.ZodType<Step>,
  // Position-free: an observation after an action reads as a tool result in turnsOf; alone it reads by its source.
  turnOf: (step) => stepTurn(step, false),
  build: buildStep,
};

/** `content` as a list of steps with `class_`. */
function detect(value: unknown): number {
  if (!isRecord(value) || !Array.isArray(value.content) || value.content.length === 0) return 0;
  return (value.content as unknown[]).every((step) => isRecord(step) && typeof step.class_ === 'string') ? 1 : 0;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(ADP_SCHEMA, isAdpRecord, value, context, turnsOf, () => ({ turnKeys: ['content'] }));
}

/**
 * Writes the standardized form: the original record when the turns are unchanged, else one step per
 * turn (original steps reused where they read the same). ADP's actions hold one call each, so a turn
 * with several calls cannot be written and says so.
 */
function write(conversation: Conversation): unknown {
  const raw = conversation.raw;
  if (isRecord(raw) && isAdpRecord(raw)) {
    const read = turnsOf(raw);
    if (read.length === conversation.turns.length && read.every((turn, index) => sameTurn(turn, conversation.turns[index]))) return raw;
  }
  conversation.turns.forEach((turn, index) => {
    if ((turn.toolCalls?.length ?? 0) > 1) throw new Error(`ADP actions hold one call each: turn ${index} makes ${turn.toolCalls!.length}`);
  });
  return writeNested(conversation, CODEC, ['content'], 'id');
}

/** ADP standardized trajectories (`adp`). */
export const ADP_FORMAT: Format = { name: 'adp', detect, read, write };
