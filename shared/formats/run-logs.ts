/**
 * Pieces the run-log readers share (AgentBench, SWE-agent, ADP, ATIF, FireAct): the task a
 * source's folder names, and a record written back with its turns under a nested key.
 */
import type { Conversation } from '../schema/conversation';
import { rawRecord, writeMessages, type MessageCodec } from './write-record';
import type { ReadContext } from './types';

/** The name of the folder a source file is in (`.../medagentbench-std/runs.jsonl` → `medagentbench-std`), or null. */
export function folderOf(path: string | null | undefined): string | null {
  if (path === null || path === undefined) return null;
  const parts = path.split(/[\\/]/).filter((part) => part !== '' && part !== '.');
  return parts.length >= 2 ? parts[parts.length - 2] : null;
}

/** The task of a run record that names none: the source's setting, else its folder. */
export function runTask(context: ReadContext | undefined): string | null {
  return context?.task ?? folderOf(context?.source);
}

/**
 * Writes a record whose turns sit at `path` inside it (`['output', 'history']`): every other field
 * as in the original, the objects along the path copied, the turns written with the codec (original
 * messages reused where they still read the same), and the id under `idKey` when the original has
 * none there.
 */
export function writeNested<M>(conversation: Conversation, codec: MessageCodec<M>, path: readonly string[], idKey?: string): Record<string, unknown> {
  const raw = rawRecord(conversation);
  const record: Record<string, unknown> = idKey !== undefined && !(idKey in raw) && conversation.id !== null ? { [idKey]: conversation.id, ...raw } : { ...raw };
  let parent = record;
  let original: Record<string, unknown> = raw as Record<string, unknown>;
  for (const key of path.slice(0, -1)) {
    const next = original[key];
    original = typeof next === 'object' && next !== null && !Array.isArray(next) ? (next as Record<string, unknown>) : {};
    parent[key] = { ...original };
    parent = parent[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1];
  parent[last] = writeMessages(conversation.turns, original[last], codec);
  return record;
}
