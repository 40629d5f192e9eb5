import { contextBridge } from 'electron';

/** Builds window.agentmix from the contract (filled in by the shell issue). */
contextBridge.exposeInMainWorld('agentmix', { transport: 'ipc' });
