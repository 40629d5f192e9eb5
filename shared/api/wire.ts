import { z } from 'zod';
import type { CallName, EventName } from './names';

/**
 * What travels between a transport and the renderer. Calls answer with a result envelope rather
 * than a thrown error, because Electron's `ipcRenderer.invoke` flattens errors into one string and
 * a WebSocket cannot throw: the renderer's client turns a failure back into an `ApiError`.
 */

/**
 * Why a call failed: `bad-request` (the payload did not parse), `not-found`, `forbidden` (a path
 * outside the allowed folders, docs/security.md), `canceled`, `unsupported`, `failed`.
 */
export const failureCodeSchema = z.enum(['bad-request', 'unknown-call', 'not-found', 'forbidden', 'canceled', 'unsupported', 'failed']);

/** One of the failure codes. */
export type FailureCode = z.infer<typeof failureCodeSchema>;

/** A failure as it travels: a readable message, never a stack trace; `issues` for bad requests. */
export const failureSchema = z.object({
  code: failureCodeSchema,
  message: z.string(),
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
  /** For `forbidden`: the real paths outside the allowed folders (the UI offers to allow them). */
  denied: z.array(z.string()).optional(),
});

/** A failure. */
export type Failure = z.infer<typeof failureSchema>;

/** The answer to a call. */
export type WireResult<T> = { ok: true; value: T } | { ok: false; error: Failure };

/** A call over the WebSocket: `id` pairs it with its answer; `token` is the serve token. */
export const socketCallSchema = z.strictObject({
  type: z.literal('call'),
  id: z.int().nonnegative(),
  token: z.string().max(200),
  name: z.string().max(100),
  request: z.unknown(),
});

/** A call frame. */
export type SocketCall = z.infer<typeof socketCallSchema> & { name: CallName };

/** Frames the server sends: the result of a call, or an event. */
export type SocketServerFrame =
  | { type: 'result'; id: number; result: WireResult<unknown> }
  | { type: 'event'; name: EventName; payload: unknown };

/** Frames the server sends, as the client parses them. */
export const socketServerFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('result'),
    id: z.int().nonnegative(),
    result: z.union([z.object({ ok: z.literal(true), value: z.unknown() }), z.object({ ok: z.literal(false), error: failureSchema })]),
  }),
  z.object({ type: z.literal('event'), name: z.string(), payload: z.unknown() }),
]);
