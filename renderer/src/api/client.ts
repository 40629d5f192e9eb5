import type { CallName, EventName, EventPayload, Request, Response } from '../../../shared/api';
import type { AgentMixBridge } from '../../../shared/api/bridge';
import type { WireResult } from '../../../shared/api/wire';
import { ApiError } from './api-error';

/**
 * The one typed client components use (docs/ARCHITECTURE.md, "The contract"). It wraps a bridge,
 * the IPC one of the preload or the WebSocket one of `agentmix serve`, and turns failures into
 * {@link ApiError}s; components never know which transport is underneath.
 */
export class ApiClient {
  /** Wraps a bridge; `transport` names it for the status bar. */
  constructor(
    private readonly bridge: AgentMixBridge,
    readonly transport: 'ipc' | 'websocket',
  ) {}

  /** Makes a call; rejects with an {@link ApiError} when the engine answers with a failure. */
  async call<N extends CallName>(name: N, request: Request<N>): Promise<Response<N>> {
    // The bridge's entry for N has exactly this type; TypeScript cannot narrow a mapped type by a generic key.
    const invoke = this.bridge[name] as unknown as (request: Request<N>) => Promise<WireResult<Response<N>>>;
    const result = await invoke(request);
    if (!result.ok) throw new ApiError(result.error);
    return result.value;
  }

  /** Listens to an event; returns the function that stops listening. */
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void {
    const subscribe = this.bridge[event] as unknown as (listener: (payload: EventPayload<E>) => void) => () => void;
    return subscribe(listener);
  }
}
