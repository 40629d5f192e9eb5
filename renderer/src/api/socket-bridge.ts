import type { EventName } from '../../../shared/api';
import { buildBridge, type AgentMixBridge } from '../../../shared/api/bridge';
import { isEventName } from '../../../shared/api/names';
import { BAD_TOKEN_CLOSE, MAX_FRAME_BYTES, socketServerFrameSchema, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type WireResult } from '../../../shared/api/wire';
import { utf8Length } from '../../../shared/review/utf8-length';

/** The WebSocket endpoint of `agentmix serve` (electron/host/server.ts). */
const SOCKET_PATH = '/api';

/** How long to wait before reconnecting after the connection drops. */
const RECONNECT_DELAY_MS = 1000;

/** The state of the connection, for the status bar; `refused`: the server does not take this page's token. */
export type ConnectionState = 'connecting' | 'open' | 'lost' | 'refused';

const REFUSED_MESSAGE = 'This page has no token of the running agentmix serve (was it restarted?): open the URL it printed, …/#token=…';
const LOST_MESSAGE = 'The connection to agentmix serve was lost; is it still running?';

/** What a call gets when the server does not take the page's token. */
const REFUSED: WireResult<never> = { ok: false, error: { code: 'failed', message: REFUSED_MESSAGE } };

/** What a call gets when the connection drops. */
const LOST: WireResult<never> = { ok: false, error: { code: 'failed', message: LOST_MESSAGE } };

/** Whether a call failed because the connection dropped or the token was refused (the connection banner says so). */
export function isConnectionFailure(caught: unknown): boolean {
  const message = caught instanceof Error ? caught.message : String(caught);
  return message === LOST_MESSAGE || message === REFUSED_MESSAGE;
}

/** MiB, for messages. */
function mebibytes(bytes: number): string {
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * The bridge over a WebSocket to `agentmix serve` (docs/security.md, "How the token flows"). The
 * token travels once, as a subprotocol of the handshake (`agentmix.token.<token>` beside
 * `agentmix.v1`), never in a URL or a cookie. Calls made while the socket connects wait for it; a
 * call whose frame is over the server's limit fails here without being sent; when the socket drops,
 * pending calls fail with a readable message and the bridge reconnects, unless the server refused
 * the token, which no retry would change.
 */
export function createSocketBridge(options: { url: string; token: string | null; onState?: (state: ConnectionState) => void; onRefused?: () => void }): AgentMixBridge {
  let socket: WebSocket | null = null;
  let nextId = 1;
  let refused = options.token === null;
  let opened: Promise<void> = Promise.resolve();
  let closed: Promise<void> = Promise.resolve();
  const pending = new Map<number, (result: WireResult<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const failPending = (result: WireResult<never>): void => {
    for (const [id, resolve] of pending) {
      resolve(result);
      pending.delete(id);
    }
  };

  const connect = (): void => {
    if (refused || options.token === null) return;
    options.onState?.('connecting');
    const current = new WebSocket(`${options.url}${SOCKET_PATH}`, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${options.token}`]);
    socket = current;
    opened = new Promise((resolve) => {
      current.addEventListener('open', () => resolve(), { once: true });
      current.addEventListener('close', () => resolve(), { once: true });
    });
    // Resolved at the end of the close handler below, once it has decided between refused and lost:
    // a listener of its own would let a waiting call go on first (the browser runs microtasks
    // between listeners) and report a refused token as a lost connection.
    let markClosed: () => void = () => undefined;
    closed = new Promise((resolve) => (markClosed = resolve));
    current.addEventListener('open', () => options.onState?.('open'));
    current.addEventListener('message', (message: MessageEvent<string>) => {
      let data: unknown;
      try {
        data = JSON.parse(message.data);
      } catch {
        return;
      }
      const frame = socketServerFrameSchema.safeParse(data);
      if (!frame.success) return;
      if (frame.data.type === 'result') {
        pending.get(frame.data.id)?.(frame.data.result as WireResult<unknown>);
        pending.delete(frame.data.id);
      } else if (isEventName(frame.data.name)) {
        for (const listener of listeners.get(frame.data.name) ?? []) listener(frame.data.payload);
      }
    });
    current.addEventListener('close', (event: CloseEvent) => {
      if (event.code === BAD_TOKEN_CLOSE) {
        refused = true;
        options.onRefused?.();
        options.onState?.('refused');
        failPending(REFUSED);
      } else {
        options.onState?.('lost');
        failPending(LOST);
        setTimeout(connect, RECONNECT_DELAY_MS);
      }
      markClosed();
    });
  };
  if (refused) options.onState?.('refused');
  connect();

  return buildBridge(
    async (name, request) => {
      await opened;
      if (!refused && socket !== null && socket.readyState !== WebSocket.OPEN) await closed;
      if (refused || socket === null || socket.readyState !== WebSocket.OPEN) return refused ? REFUSED : LOST;
      const id = nextId++;
      let text: string;
      try {
        text = JSON.stringify({ type: 'call', id, name, request });
      } catch {
        return { ok: false, error: { code: 'bad-request', message: `${name}: the request nests too deeply to send` } };
      }
      // The server closes a socket whose frame is over the limit: refuse here instead, in the same bytes.
      const bytes = utf8Length(text);
      if (bytes > MAX_FRAME_BYTES) return { ok: false, error: { code: 'bad-request', message: `${name}: the request is ${mebibytes(bytes)}, over the ${mebibytes(MAX_FRAME_BYTES)} a call to agentmix serve may carry` } };
      const open = socket;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        open.send(text);
      });
    },
    (event, listener) => {
      const set = listeners.get(event) ?? new Set();
      listeners.set(event, set);
      set.add(listener);
      return () => set.delete(listener);
    },
  );
}
