import { portCallSchema } from '../../shared/api/host-protocol';
import type { SocketServerFrame } from '../../shared/api/wire';
import { dispatchCall } from '../engine/api/dispatch';
import type { EventHub } from '../engine/api/event-sink';
import type { Handlers } from '../engine/api/registry';

/** One connected client of the engine host (shared/api/host-protocol.ts). */
export interface ClientConnection {
  /** Takes a frame from the client: a call, parsed before it reaches a handler. */
  receive(frame: unknown): void;
  /** The client is gone: it gets no more events. */
  close(): void;
}

/**
 * Serves the contract to one client over a port: every call frame is parsed, dispatched like the
 * IPC and WebSocket calls (dispatchCall parses the request), and answered with a result frame;
 * every event of the hub goes out as an event frame. A frame that is not a call is answered with
 * a `bad-request` failure when it carries an id, and otherwise dropped.
 */
export function connectClient(options: { handlers: Handlers; hub: EventHub; send: (frame: SocketServerFrame) => void; onUnexpectedError?: (name: string, error: unknown) => void }): ClientConnection {
  let open = true;
  const send = (frame: SocketServerFrame): void => {
    if (open) options.send(frame);
  };
  const stopEvents = options.hub.listen((name, payload) => send({ type: 'event', name, payload }));
  return {
    receive: (frame) => {
      const call = portCallSchema.safeParse(frame);
      if (!call.success) {
        const id = (frame as { id?: unknown } | null)?.id;
        if (Number.isInteger(id) && (id as number) >= 0) send({ type: 'result', id: id as number, result: { ok: false, error: { code: 'bad-request', message: 'not a call frame: expected {type: "call", id, name, request}' } } });
        return;
      }
      void dispatchCall(options.handlers, call.data.name, call.data.request, { onUnexpectedError: options.onUnexpectedError }).then((result) => send({ type: 'result', id: call.data.id, result }));
    },
    close: () => {
      open = false;
      stopEvents();
    },
  };
}
