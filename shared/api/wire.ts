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

/**
 * The WebSocket's subprotocols (docs/security.md, "How the token flows"): the page offers
 * `agentmix.v1` and `agentmix.token.<token>`; the server answers with `agentmix.v1` only. The token
 * so travels once, in the handshake, never in a URL, a cookie or a frame.
 */
export const WIRE_PROTOCOL = 'agentmix.v1';

/** The prefix of the subprotocol that carries the serve token. */
export const TOKEN_PROTOCOL_PREFIX = 'agentmix.token.';

/** The close code the server gives a socket whose token is not its own (the page then asks for the printed URL). */
export const BAD_TOKEN_CLOSE = 4401;

/**
 * The largest frame either side sends, in UTF-8 bytes: twice the largest record text a call may
 * carry (`records.validate`), because JSON escaping at most doubles a valid JSON text (a quote,
 * backslash or line end becomes two bytes; other characters travel as they are), plus room for the
 * envelope. The server closes a socket that sends more; the page refuses such a call before sending.
 */
export const MAX_FRAME_BYTES = 2 * 40 * 1024 * 1024 + 1024 * 1024;

/** The largest record text `records.validate` takes, in UTF-8 bytes. */
export const MAX_RECORD_TEXT_BYTES = 40 * 1024 * 1024;

/** How deep a request may nest: a record as deep as the readers allow (4,096), inside its envelope. */
export const MAX_FRAME_DEPTH = 4_096 + 16;

/** Whether a parsed JSON value nests deeper than `limit` arrays and objects (iterative: any depth is safe to ask). */
export function nestsDeeperThan(value: unknown, limit: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 0 }];
  while (stack.length > 0) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number };
    if (typeof current !== 'object' || current === null) continue;
    if (depth + 1 > limit) return true;
    for (const child of Array.isArray(current) ? current : Object.values(current)) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: depth + 1 });
  }
  return false;
}

/** A call over the WebSocket: `id` pairs it with its answer (the socket itself is authenticated). */
export const socketCallSchema = z.strictObject({
  type: z.literal('call'),
  id: z.int().nonnegative(),
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
