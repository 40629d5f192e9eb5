import { z } from 'zod';
import { ROLES } from '../schema/conversation';

/**
 * Schemas shared by several features of the contract: the normalized turn and conversation
 * (shared/schema/conversation.ts) as they travel over IPC or the WebSocket.
 */

/** An empty request: calls without arguments still reject unexpected keys. */
export const emptyRequestSchema = z.strictObject({});

/** A tool call on an assistant turn: `arguments` is the call's JSON text. */
export const toolCallSchema = z.strictObject({
  id: z.string().optional(),
  name: z.string(),
  arguments: z.string(),
});

/** A turn as the viewer shows it and the editor changes it (shared/schema/conversation.ts). */
export const turnSchema = z.strictObject({
  role: z.enum(ROLES as [(typeof ROLES)[number], ...(typeof ROLES)[number][]]),
  text: z.string(),
  loss: z.boolean().nullable(),
  from: z.string(),
  toolCalls: z.array(toolCallSchema).optional(),
  reasoning: z.string().optional(),
  callId: z.string().optional(),
  name: z.string().optional(),
});

/** A conversation without its raw value (the raw record travels separately, as `value`). */
export const conversationSchema = z.strictObject({
  id: z.string().nullable(),
  task: z.string().nullable(),
  reward: z.number().nullable(),
  turns: z.array(turnSchema),
  tools: z.array(z.strictObject({ name: z.string(), description: z.string().optional(), parameters: z.unknown().optional() })).optional(),
  outcome: z.strictObject({ reward: z.number().nullable(), success: z.boolean().nullable(), status: z.string().nullable(), from: z.string() }).optional(),
  repairs: z.array(z.strictObject({ kind: z.enum(['leading-assistant-dropped']), turns: z.int().nonnegative() })).optional(),
});

/** A record key: `<source hash prefix>:<id or #ordinal>` (docs/ARCHITECTURE.md, "Record key"). */
export const recordKeySchema = z.string().min(3).max(2048);

/** A count: a non-negative integer. */
export const countSchema = z.int().nonnegative();

/** An absolute or relative file path chosen by the user. */
export const pathSchema = z.string().min(1).max(4096);
