import type { Conversation } from '../schema/conversation';
import type { Mapping } from './mapping-schema';

/**
 * The conversation formats we read and write, by the names `inspect` and recipes use
 * (docs/formats.md). The order breaks detection ties: the earlier name wins.
 */
export const FORMAT_NAMES = [
  'agentinstruct',
  'sharegpt',
  'role-content',
  'openai',
  'llamafactory-messages',
  'alpaca',
  'agentbench-run',
  'swe-agent',
  'adp',
  'atif',
  'fireact',
  'dialogstudio',
] as const;

/** One of {@link FORMAT_NAMES}. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Per-source settings a reader may need. */
export interface ReadContext {
  /** The task to use when neither the id prefix nor a field names one (a per-source setting). */
  task?: string | null;
  /** The source file's path, as given: AgentBench names a run's task by its folder. */
  source?: string | null;
  /** The record's key in a keyed container (one JSON object whose values are records): its id when it has none of its own. */
  key?: string | null;
  /** The source's mapping (docs/formats.md, "Mappings"): the record is rewritten through it before it is read. */
  mapping?: Mapping | null;
}

/** The result of reading one parsed JSON value as a record of a format. */
export type ReadResult =
  | { ok: true; conversation: Conversation }
  /** `message` names the field that is wrong, e.g. `conversations[3].from: expected one of human, gpt, ... but found "bot"`. */
  | { ok: false; message: string };

/** A conversation format: a zod schema, a detector, a reader and a writer. */
export interface Format {
  name: FormatName;
  /** How well one parsed record matches this format: 0 (not at all) to 1 (certainly). */
  detect(value: unknown): number;
  /** Validates `value` against the format's zod schema and normalizes it. */
  read(value: unknown, context?: ReadContext): ReadResult;
  /**
   * Writes a conversation in this format (a plain JSON value; the caller serializes it). Every
   * field of the original record (`conversation.raw`) is kept in its order, the id comes from
   * `conversation.id`, and each turn reuses the original message at its position when that message
   * is of this format and still reads as the same turn, so `write(read(x))` deep-equals `x`.
   * Other turns are built from role, text and loss flag (write-record.ts; each format documents what
   * it cannot hold, e.g. AgentInstruct has only human and gpt).
   */
  write(conversation: Conversation): unknown;
}
