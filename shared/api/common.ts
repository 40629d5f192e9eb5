import { z } from 'zod';
import { ROLES } from '../schema/conversation';

/**
 * Schemas shared by several features of the contract: the normalized turn and conversation
 * (shared/schema/conversation.ts) as they travel over IPC or the WebSocket.
 */

/** An empty request: calls without arguments still reject unexpected keys. */
export const emptyRequestSchema = z.strictObject({});

/** A turn as the viewer shows it and the editor changes it. */
export const turnSchema = z.strictObject({
  role: z.enum(ROLES as [(typeof ROLES)[number], ...(typeof ROLES)[number][]]),
  text: z.string(),
  loss: z.boolean().nullable(),
  from: z.string(),
  /** The turn is a tool call (ShareGPT `function_call`, OpenAI `tool_calls`). */
  toolCall: z.boolean().optional(),
});

/** A conversation without its raw value (the raw record travels separately, as `value`). */
export const conversationSchema = z.strictObject({
  id: z.string().nullable(),
  task: z.string().nullable(),
  reward: z.number().nullable(),
  turns: z.array(turnSchema),
});

/** A record key: `<source hash prefix>:<id or #ordinal>` (docs/ARCHITECTURE.md, "Record key"). */
export const recordKeySchema = z.string().min(3).max(2048);

/** A count: a non-negative integer. */
export const countSchema = z.int().nonnegative();

/** An absolute or relative file path chosen by the user. */
export const pathSchema = z.string().min(1).max(4096);
