import type { EventName, EventPayload } from '../../../shared/api';

/** Delivers an event to every connected renderer (IPC windows or WebSocket clients). */
export type EventSink = <E extends EventName>(event: E, payload: EventPayload<E>) => void;

/**
 * A sink that fans out to listeners added later: the handlers are built once, and each transport
 * (a window, a WebSocket client) adds and removes its own listener.
 */
export class EventHub {
  private readonly listeners = new Set<EventSink>();

  /** The sink handlers emit to. */
  readonly emit: EventSink = (event, payload) => {
    for (const listener of this.listeners) listener(event, payload);
  };

  /** Adds a listener; returns the function that removes it. */
  listen(listener: EventSink): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
}
