import { AGENT_TASKS, type AgentTask } from '../schema/conversation';
import type { ReadContext } from './types';

/**
 * `os_42`, `webshop_sneakers0_clean_0`, `mind2web_111`: AgentInstruct ids are `<task>_<n>`
 * (THUDM/AgentInstruct splits). Only the six tasks count, so `identity_0` or `hRPPgZT_0` name none.
 */
const TASK_PREFIX = new RegExp(`^(${AGENT_TASKS.join('|')})_`);

/** The AgentInstruct task an id starts with (`os_42` → `os`), or null when it names none of the six. */
export function taskFromId(id: string | null): AgentTask | null {
  if (id === null) return null;
  const match = TASK_PREFIX.exec(id);
  return match === null ? null : (match[1] as AgentTask);
}

/**
 * The task of a record, in this order (docs/ingest.md): the id prefix, else a string `task` field,
 * else the per-source setting in `context.task`, else null.
 */
export function taskOf(id: string | null, record: Readonly<Record<string, unknown>>, context: ReadContext | undefined): string | null {
  const fromId = taskFromId(id);
  if (fromId !== null) return fromId;
  const field = record.task;
  if (typeof field === 'string' && field !== '') return field;
  return context?.task ?? null;
}
