import { z } from 'zod';

/**
 * The timeouts and caps of `agentmix serve` (docs/security.md, "No input kills the server"). One
 * person's browser needs a handful of connections; a page that is left open sends a pong every
 * heartbeat, so an idle UI stays connected while a silent or stalled peer is let go.
 */
export interface ServerLimits {
  /** TCP connections at once (pages, assets and sockets); Node closes any beyond. */
  maxConnections: number;
  /** WebSocket clients at once; a handshake beyond answers 503. */
  maxSockets: number;
  /** A request's headers (and so a WebSocket handshake) must arrive within this. */
  headersTimeoutMs: number;
  /** A whole HTTP request must arrive within this. */
  requestTimeoutMs: number;
  /** An HTTP connection that sends nothing for this long is closed. */
  idleTimeoutMs: number;
  /** How often the timeouts above are checked (Node's connectionsCheckingInterval). */
  checkIntervalMs: number;
  /** Every socket is pinged this often; one that has not answered the previous ping is closed. */
  heartbeatMs: number;
}

/** The limits of a served UI. */
export const DEFAULT_LIMITS: ServerLimits = {
  maxConnections: 256,
  maxSockets: 64,
  headersTimeoutMs: 10_000,
  requestTimeoutMs: 30_000,
  idleTimeoutMs: 30_000,
  checkIntervalMs: 1_000,
  heartbeatMs: 30_000,
};

/** Overrides of the limits, as `AGENTMIX_SERVE_LIMITS` gives them (JSON; tests shorten the timeouts with it). */
const overridesSchema = z.strictObject({
  maxConnections: z.int().min(1).optional(),
  maxSockets: z.int().min(1).optional(),
  headersTimeoutMs: z.int().min(1).optional(),
  requestTimeoutMs: z.int().min(1).optional(),
  idleTimeoutMs: z.int().min(1).optional(),
  checkIntervalMs: z.int().min(1).optional(),
  heartbeatMs: z.int().min(1).optional(),
});

/** The limits `AGENTMIX_SERVE_LIMITS` sets, or a message saying what is wrong with it. */
export function limitsFromEnvironment(text: string | undefined): { ok: true; limits: Partial<ServerLimits> } | { ok: false; message: string } {
  if (text === undefined || text.trim() === '') return { ok: true, limits: {} };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, message: 'AGENTMIX_SERVE_LIMITS is not JSON' };
  }
  const parsed = overridesSchema.safeParse(value);
  if (!parsed.success) return { ok: false, message: `AGENTMIX_SERVE_LIMITS: ${parsed.error.issues.map((issue) => `${issue.path.join('.') || '(value)'}: ${issue.message}`).join('; ')}` };
  return { ok: true, limits: parsed.data };
}
