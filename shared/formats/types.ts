import type { Conversation } from '../schema/conversation';

/** The conversation formats we read and write, by the names `inspect` and recipes use. */
export const FORMAT_NAMES = ['agentinstruct', 'sharegpt', 'role-content', 'openai'] as const;

/** One of {@link FORMAT_NAMES}. */
export type FormatName = (typeof FORMAT_NAMES)[number];

/** Per-source settings a reader may need. */
export interface ReadContext {
  /** The task to use when neither the id prefix nor a field names one (a per-source setting). */
  task?: string | null;
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
   * Writes a conversation in this format. When the conversation came from this format
   * (`conversation.raw` parses as it), every field of the original that the turns do not
   * replace is kept.
   */
  write(conversation: Conversation): unknown;
}
