import type { EventName } from '../../../shared/api';
import { buildBridge, type AgentMixBridge } from '../../../shared/api/bridge';
import { isEventName } from '../../../shared/api/names';
import { socketServerFrameSchema, type WireResult } from '../../../shared/api/wire';

/** The WebSocket endpoint of `agentmix serve` (electron/host/server.ts). */
const SOCKET_PATH = '/api';

/** How long to wait before reconnecting after the connection drops. */
const RECONNECT_DELAY_MS = 1000;

/** The state of the connection, for the status bar. */
export type ConnectionState = 'connecting' | 'open' | 'lost';

/**
 * The bridge over a WebSocket to `agentmix serve`. Every call carries the serve token; calls made
 * while the socket connects wait for it; when it drops, pending calls fail with a readable message
 * and the bridge reconnects.
 */
export function createSocketBridge(options: { url: string; token: string; onState?: (state: ConnectionState) => void }): AgentMixBridge {
  let socket: WebSocket;
  let nextId = 1;
  let opened: Promise<void>;
  const pending = new Map<number, (result: WireResult<unknown>) => void>();
  const listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  const connect = (): void => {
    options.onState?.('connecting');
    socket = new WebSocket(`${options.url}${SOCKET_PATH}?token=${encodeURIComponent(options.token)}`);
    opened = new Promise((resolve) => socket.addEventListener('open', () => resolve(), { once: true }));
    socket.addEventListener('open', () => options.onState?.('open'));
    socket.addEventListener('message', (message: MessageEvent<string>) => {
      const frame = socketServerFrameSchema.safeParse(JSON.parse(message.data));
      if (!frame.success) return;
      if (frame.data.type === 'result') {
        pending.get(frame.data.id)?.(frame.data.result as WireResult<unknown>);
        pending.delete(frame.data.id);
      } else if (isEventName(frame.data.name)) {
        for (const listener of listeners.get(frame.data.name) ?? []) listener(frame.data.payload);
      }
    });
    socket.addEventListener('close', () => {
      options.onState?.('lost');
      for (const [id, resolve] of pending) {
        resolve({ ok: false, error: { code: 'failed', message: 'The connection to agentmix serve was lost; is it still running?' } });
        pending.delete(id);
      }
      setTimeout(connect, RECONNECT_DELAY_MS);
    });
  };
  connect();

  return buildBridge(
    async (name, request) => {
      await opened;
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        socket.send(JSON.stringify({ type: 'call', id, token: options.token, name, request }));
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
