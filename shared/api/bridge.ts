import type { EventPayload, Request, Response } from '../api';
import { CALL_NAMES, EVENT_NAMES, type CallName, type EventName } from './names';
import type { WireResult } from './wire';

/**
 * `window.agentmix`: one function per call and one subscription per event, built from the names
 * alone. The Electron preload exposes it over IPC; the renderer builds the same object over a
 * WebSocket under `agentmix serve`. Calls answer with a {@link WireResult}; the renderer's client
 * (renderer/src/api) turns failures into exceptions.
 */
export type AgentMixBridge = {
  readonly [N in CallName]: (request: Request<N>) => Promise<WireResult<Response<N>>>;
} & {
  readonly [E in EventName]: (listener: (payload: EventPayload<E>) => void) => () => void;
};

/** Sends one call over a transport and resolves to its result envelope. */
export type Invoke = (name: CallName, request: unknown) => Promise<WireResult<unknown>>;

/** Subscribes to one event on a transport; returns the function that unsubscribes. */
export type Subscribe = (event: EventName, listener: (payload: unknown) => void) => () => void;

/**
 * Builds the bridge from the lists of names and two transport primitives. The one cast is safe
 * because requests are parsed by the receiving side and responses are produced by handlers typed
 * against the same contract.
 */
export function buildBridge(invoke: Invoke, subscribe: Subscribe): AgentMixBridge {
  const bridge: Record<string, unknown> = {};
  for (const name of CALL_NAMES) bridge[name] = (request: unknown) => invoke(name, request);
  for (const event of EVENT_NAMES) bridge[event] = (listener: (payload: unknown) => void) => subscribe(event, listener);
  return bridge as AgentMixBridge;
}
