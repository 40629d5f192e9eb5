/**
 * Record-level fields every format shares: the id and the reward. Formats differ in their turns,
 * not in these, so they are read the same way everywhere.
 */
import type { Conversation, Turn } from '../schema/conversation';
import { taskOf } from './task';
import type { ReadContext } from './types';

/** The record's id as a string (numbers are kept as their decimal text), or null when it has none. */
export function idOf(record: Readonly<Record<string, unknown>>): string | null {
  const id = record.id;
  if (typeof id === 'string') return id;
  if (typeof id === 'number') return String(id);
  return null;
}

/**
 * The reward a record carries: `reward` (ETO), `meta.reward`, or `success` (true → 1, false → 0),
 * the first that is a number or a boolean; null when none is. AgentInstruct itself stores none: its
 * released records are the ones that passed the reward filter (docs/domain.md).
 */
export function rewardOf(record: Readonly<Record<string, unknown>>): number | null {
  const direct = numeric(record.reward);
  if (direct !== null) return direct;
  const meta = record.meta;
  if (typeof meta === 'object' && meta !== null && !Array.isArray(meta)) {
    const nested = numeric((meta as Record<string, unknown>).reward);
    if (nested !== null) return nested;
  }
  return numeric(record.success);
}

function numeric(value: unknown): number | null {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'boolean') return value ? 1 : 0;
  return null;
}

/** The normalized conversation of a validated record whose turns are already normalized; `raw` is the record itself. */
export function conversationOf(record: Record<string, unknown>, turns: Turn[], context: ReadContext | undefined): Conversation {
  const id = idOf(record);
  return { id, task: taskOf(id, record, context), reward: rewardOf(record), turns, raw: record };
}
