import type { AgentMixBridge } from '../../../shared/api/bridge';
import { ApiClient } from './client';
import { forgetToken, takeToken } from './session-token';
import { createSocketBridge, type ConnectionState } from './socket-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser under `agentmix serve`. */
    agentmix?: AgentMixBridge;
  }
}

/**
 * Picks the transport: the preload's IPC bridge inside Electron, else a WebSocket to the serve
 * host this page came from, with the token taken from the URL into this origin's storage, or left
 * there by an earlier visit (renderer/src/api/session-token.ts).
 */
export function connectApi(onState?: (state: ConnectionState) => void): ApiClient {
  if (window.agentmix) return new ApiClient(window.agentmix, 'ipc');
  const token = takeToken(window.location, window.history, window.localStorage);
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`;
  const onRefused = (): void => {
    if (token !== null) forgetToken(window.localStorage, token);
  };
  return new ApiClient(createSocketBridge({ url, token, onState, onRefused }), 'websocket');
}
