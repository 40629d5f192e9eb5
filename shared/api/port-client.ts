import type { Invoke, Subscribe } from './bridge';
import { isEventName, type EventName } from './names';
import type { WireResult } from './wire';

/**
 * The client end of an engine host's client port (shared/api/host-protocol.ts): calls become
 * `call` frames, `result` frames settle them, `event` frames reach the subscribers. Calls made
 * before a port is attached wait for one; when the port goes away, pending calls fail with a
 * readable message. The Electron preload runs this over the MessagePort the shell hands it; tests
 * run it over a forked host's process channel. It checks frames by hand rather than with zod, so
 * that the sandboxed preload stays small.
 */
export class PortClient {
  private send: ((frame: unknown) => void) | null = null;
  private waiting: (() => void)[] = [];
  private nextId = 1;
  private readonly pending = new Map<number, (result: WireResult<unknown>) => void>();
  private readonly listeners = new Map<EventName, Set<(payload: unknown) => void>>();

  /** Starts sending over a port (calls queued so far go out now). */
  attach(send: (frame: unknown) => void): void {
    this.send = send;
    const waiting = this.waiting;
    this.waiting = [];
    for (const resume of waiting) resume();
  }

  /** The port is gone: pending calls fail with `message`; later calls wait for the next port. */
  detach(message: string): void {
    this.send = null;
    for (const [id, settle] of this.pending) {
      this.pending.delete(id);
      settle({ ok: false, error: { code: 'failed', message } });
    }
  }

  /** Takes one frame from the port. */
  receive(frame: unknown): void {
    if (typeof frame !== 'object' || frame === null) return;
    const { type, id, result, name, payload } = frame as { type?: unknown; id?: unknown; result?: unknown; name?: unknown; payload?: unknown };
    if (type === 'result' && typeof id === 'number' && isResult(result)) {
      const settle = this.pending.get(id);
      this.pending.delete(id);
      settle?.(result);
    } else if (type === 'event' && isEventName(name)) {
      for (const listener of this.listeners.get(name) ?? []) listener(payload);
    }
  }

  /** Sends a call and resolves to its result envelope. */
  readonly invoke: Invoke = async (name, request) => {
    while (this.send === null) await new Promise<void>((resume) => this.waiting.push(resume));
    const send = this.send;
    const id = this.nextId++;
    return new Promise((settle) => {
      this.pending.set(id, settle);
      send({ type: 'call', id, name, request });
    });
  };

  /** Subscribes to an event; returns the function that unsubscribes. */
  readonly subscribe: Subscribe = (event, listener) => {
    const set = this.listeners.get(event) ?? new Set();
    this.listeners.set(event, set);
    set.add(listener);
    return () => set.delete(listener);
  };
}

/** Whether a value has the shape of a result envelope. */
function isResult(value: unknown): value is WireResult<unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const { ok, error } = value as { ok?: unknown; error?: unknown };
  return ok === true || (ok === false && typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string');
}
