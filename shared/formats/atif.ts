import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { everyRecord, isOptionalString } from './common-schemas';
import { isRecord } from './json-value';
import { outcomeOf } from './record-fields';
import { argumentsText } from './tool-call-text';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { rawRecord, sameTurn } from './write-record';

/**
 * Harbor's Agent Trajectory Interchange Format (ATIF, its RFC 0001; docs/formats.md, "atif"): one
 * object `{schema_version: "ATIF-v1.x", session_id, agent, steps, final_metrics?, extra?}`, each
 * step `{step_id, source: system|user|agent, message, reasoning_content?, tool_calls?:
 * [{tool_call_id, function_name, arguments}], observation?: {results: [{source_call_id?,
 * content?}]}, metrics?, extra?}`. An agent step is an assistant turn (message, reasoning, calls)
 * followed by one tool turn per observation result, naming the call it answers. The session id is
 * the record's id; an outcome in the root `extra` (`reward`, `success`, `resolved`) is read.
 */

const TOOL_CALL_SCHEMA = z.looseObject({ tool_call_id: z.string(), function_name: z.string(), arguments: z.record(z.string(), z.unknown()) });
const RESULT_SCHEMA = z.looseObject({ source_call_id: z.string().nullable().optional(), content: z.string().nullable().optional() });

const STEP_SCHEMA = z.looseObject({
  step_id: z.number().optional(),
  source: z.enum(['system', 'user', 'agent']),
  message: z.string(),
  reasoning_content: z.string().nullable().optional(),
  tool_calls: z.array(TOOL_CALL_SCHEMA).nullable().optional(),
  observation: z.looseObject({ results: z.array(RESULT_SCHEMA) }).nullable().optional(),
});

/** An ATIF trajectory. */
export const ATIF_SCHEMA = z.looseObject({
  schema_version: z.string(),
  session_id: z.string().optional(),
  steps: z.array(STEP_SCHEMA),
});

function isNullableString(value: unknown): boolean {
  return value === null || isOptionalString(value);
}

function isStep(step: Record<string, unknown>): boolean {
  if (step.source !== 'system' && step.source !== 'user' && step.source !== 'agent') return false;
  if (typeof step.message !== 'string' || !isNullableString(step.reasoning_content)) return false;
  if (step.step_id !== undefined && !(typeof step.step_id === 'number' && Number.isFinite(step.step_id))) return false;
  const calls = step.tool_calls;
  if (calls !== undefined && calls !== null && !everyRecord(calls, (call) => typeof call.tool_call_id === 'string' && typeof call.function_name === 'string' && isRecord(call.arguments))) return false;
  const observation = step.observation;
  if (observation === undefined || observation === null) return true;
  return isRecord(observation) && everyRecord(observation.results, (result) => isNullableString(result.source_call_id) && isNullableString(result.content));
}

/** Twin of {@link ATIF_SCHEMA}. */
export function isAtifRecord(value: unknown): boolean {
  return isRecord(value) && typeof value.schema_version === 'string' && isOptionalString(value.session_id) && everyRecord(value.steps, isStep);
}

interface Step {
  source: 'system' | 'user' | 'agent';
  message: string;
  reasoning_content?: string | null;
  tool_calls?: { tool_call_id: string; function_name: string; arguments: Record<string, unknown> }[] | null;
  observation?: { results: { source_call_id?: string | null; content?: string | null }[] } | null;
}

function stepTurns(step: Step): Turn[] {
  const role = step.source === 'agent' ? 'assistant' : step.source;
  const turn: Turn = { role, text: step.message, loss: null, from: step.source };
  if (typeof step.reasoning_content === 'string') turn.reasoning = step.reasoning_content;
  const calls = step.tool_calls ?? [];
  if (calls.length > 0) turn.toolCalls = calls.map((call) => ({ id: call.tool_call_id, name: call.function_name, arguments: argumentsText(call.arguments) }));
  const turns = [turn];
  for (const result of step.observation?.results ?? []) {
    const observation: Turn = { role: 'tool', text: result.content ?? '', loss: null, from: 'observation' };
    if (typeof result.source_call_id === 'string') observation.callId = result.source_call_id;
    turns.push(observation);
  }
  return turns;
}

function turnsOf(record: Record<string, unknown>): Turn[] {
  return (record.steps as Step[]).flatMap(stepTurns);
}

/** `schema_version` starting with "ATIF" and `steps`. */
function detect(value: unknown): number {
  if (!isRecord(value) || !Array.isArray(value.steps)) return 0;
  return typeof value.schema_version === 'string' && value.schema_version.toUpperCase().startsWith('ATIF') ? 1 : 0.4;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(ATIF_SCHEMA, isAtifRecord, value, context, turnsOf, (record) => {
    const extra = isRecord(record.extra) ? outcomeOf(record.extra) : undefined;
    return {
      id: typeof record.session_id === 'string' ? record.session_id : undefined,
      outcome: extra === undefined ? undefined : { ...extra, from: `extra.${extra.from}` },
      turnKeys: ['steps'],
    };
  });
}

/** The steps of a turn list: an assistant turn and the tool turns after it make one agent step. */
function stepsOf(turns: readonly Turn[]): Record<string, unknown>[] {
  const steps: Record<string, unknown>[] = [];
  for (const turn of turns) {
    if (turn.role === 'tool') {
      let last = steps.at(-1);
      if (last === undefined || last.source !== 'agent') {
        last = { step_id: steps.length + 1, source: 'agent', message: '' };
        steps.push(last);
      }
      const observation = (last.observation ??= { results: [] }) as { results: Record<string, unknown>[] };
      observation.results.push(turn.callId === undefined ? { content: turn.text } : { source_call_id: turn.callId, content: turn.text });
      continue;
    }
    const step: Record<string, unknown> = { step_id: steps.length + 1, source: turn.role === 'assistant' ? 'agent' : turn.role, message: turn.text };
    if (turn.reasoning !== undefined) step.reasoning_content = turn.reasoning;
    if ((turn.toolCalls?.length ?? 0) > 0) {
      step.tool_calls = turn.toolCalls!.map((call, k) => ({ tool_call_id: call.id ?? `call_${steps.length + 1}_${k}`, function_name: call.name, arguments: parsedArguments(call.arguments) }));
    }
    steps.push(step);
  }
  return steps;
}

/** ATIF arguments are an object: JSON text of an object as it is, anything else under `input`. */
function parsedArguments(text: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(text);
    if (isRecord(value)) return value;
  } catch {
    // not JSON: kept as text below
  }
  return { input: text };
}

/** Writes the trajectory: the original when the turns are unchanged, else new steps under the original's root fields. */
function write(conversation: Conversation): unknown {
  const raw = rawRecord(conversation);
  if (isAtifRecord(raw)) {
    const read = turnsOf(raw as Record<string, unknown>);
    if (read.length === conversation.turns.length && read.every((turn, index) => sameTurn(turn, conversation.turns[index]))) return raw;
  }
  const record: Record<string, unknown> = { schema_version: 'ATIF-v1.4', ...raw };
  if (conversation.id !== null) record.session_id = conversation.id;
  record.agent ??= { name: 'unknown', version: 'unknown' };
  record.steps = stepsOf(conversation.turns);
  return record;
}

/** ATIF trajectories (`atif`). */
export const ATIF_FORMAT: Format = { name: 'atif', detect, read, write };
