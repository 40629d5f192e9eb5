import type { AgentMixBridge } from '../../../shared/api/bridge';
import { ApiClient } from './client';
import { createSocketBridge, type ConnectionState } from './socket-bridge';

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a browser under `agentmix serve`. */
    agentmix?: AgentMixBridge;
  }
}

/**
 * Picks the transport: the preload's IPC bridge inside Electron, else a WebSocket to the serve
 * host this page came from, with the token from the page's URL.
 */
export function connectApi(onState?: (state: ConnectionState) => void): ApiClient {
  if (window.agentmix) return new ApiClient(window.agentmix, 'ipc');
  const token = new URLSearchParams(window.location.search).get('token') ?? '';
  const url = `${window.location.protocol === 'https:' ? 'wss' : 'ws'}://${window.location.host}`;
  return new ApiClient(createSocketBridge({ url, token, onState }), 'websocket');
}
