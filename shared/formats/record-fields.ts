/**
 * Record-level fields every format shares: the id, the outcome (and the reward it gives) and the
 * tool definitions. Formats differ in their turns, not in these, so they are read the same way
 * everywhere; readers of run logs (AgentBench, SWE-agent) pass the outcome they find themselves.
 */
import type { Conversation, Outcome, Turn } from '../schema/conversation';
import { isRecord } from './json-value';
import { taskOf } from './task';
import { toolDefinitionsOf } from './tool-definitions';
import type { ReadContext } from './types';

/** The record's id as a string (numbers are kept as their decimal text), or null when it has none. */
export function idOf(record: Readonly<Record<string, unknown>>): string | null {
  const id = record.id;
  if (typeof id === 'string') return id;
  if (typeof id === 'number') return String(id);
  return null;
}

/**
 * The fields a run's outcome is found in, in order: `reward` (ETO, FireAct's trajectories),
 * `meta.reward`, `info.reward` (NAT), `success`, `resolved` (SWE-Gym). The first that is a number
 * or a boolean wins. AgentInstruct itself stores none: its released records are the ones that
 * passed the reward filter (docs/domain.md).
 */
export const OUTCOME_FIELDS = ['reward', 'meta.reward', 'info.reward', 'success', 'resolved'] as const;

/** The outcome of a flag or a score found at `from`: booleans are success flags (1/0), numbers scores. */
export function outcomeOfValue(value: unknown, from: string, status: string | null = null): Outcome | null {
  if (typeof value === 'boolean') return { reward: value ? 1 : 0, success: value, status, from };
  if (typeof value === 'number' && Number.isFinite(value)) return { reward: value, success: null, status, from };
  return null;
}

/** The outcome a record carries in one of {@link OUTCOME_FIELDS}, or undefined when it carries none. */
export function outcomeOf(record: Readonly<Record<string, unknown>>): Outcome | undefined {
  for (const path of OUTCOME_FIELDS) {
    const dot = path.indexOf('.');
    let value: unknown;
    if (dot < 0) value = record[path];
    else {
      const parent = record[path.slice(0, dot)];
      value = isRecord(parent) ? parent[path.slice(dot + 1)] : undefined;
    }
    const outcome = outcomeOfValue(value, path);
    if (outcome !== null) return outcome;
  }
  return undefined;
}

/** The reward of a record: its outcome's, or null (kept for callers that want only the number). */
export function rewardOf(record: Readonly<Record<string, unknown>>): number | null {
  return outcomeOf(record)?.reward ?? null;
}

/** What a reader found besides the turns, when it is not in the shared fields. */
export interface RecordExtras {
  id?: string | null;
  outcome?: Outcome;
  /** A task the reader found (a folder name, a field of its own). */
  task?: string | null;
  /** Where the tool definitions are, when not under `tools`. */
  tools?: unknown;
  /** The record's keys the turns were read from, when not `conversations` or `messages` ({@link Conversation.turnKeys}). */
  turnKeys?: string[];
}

/**
 * The normalized conversation of a validated record whose turns are already normalized; `raw` is
 * the record itself. The id, task, outcome and tools come from the shared fields unless the reader
 * passes its own in `extras`.
 */
export function conversationOf(record: Record<string, unknown>, turns: Turn[], context: ReadContext | undefined, extras: RecordExtras = {}): Conversation {
  const id = (extras.id !== undefined ? extras.id : idOf(record)) ?? context?.key ?? null;
  const outcome = extras.outcome ?? outcomeOf(record);
  const conversation: Conversation = { id, task: extras.task ?? taskOf(id, record, context), reward: outcome?.reward ?? null, turns, raw: record };
  const tools = toolDefinitionsOf(extras.tools !== undefined ? extras.tools : record.tools);
  if (tools !== undefined) conversation.tools = tools;
  if (outcome !== undefined) conversation.outcome = outcome;
  if (extras.turnKeys !== undefined) conversation.turnKeys = extras.turnKeys;
  return conversation;
}
