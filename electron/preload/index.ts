import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge, type AgentMixBridge } from '../../shared/api/bridge';

/**
 * Builds `window.agentmix` from the contract's names: one function per call, one subscription per
 * event. No logic and no raw ipcRenderer reach the page; the main process parses every request.
 */
const bridge = buildBridge(
  (name, request) => ipcRenderer.invoke(name, request),
  (event, listener) => {
    const forward = (_event: Electron.IpcRendererEvent, payload: unknown): void => listener(payload);
    ipcRenderer.on(event, forward);
    return () => ipcRenderer.removeListener(event, forward);
  },
);

contextBridge.exposeInMainWorld('agentmix', bridge satisfies AgentMixBridge);
