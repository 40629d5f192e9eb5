import { ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { CALL_NAMES } from '../../shared/api';
import type { WireResult } from '../../shared/api/wire';
import { dispatchCall } from '../engine/api/dispatch';
import type { EventHub } from '../engine/api/event-sink';
import type { Handlers } from '../engine/api/registry';

/**
 * Registers one IPC handler per call of the contract. Each parses its request with the contract's
 * schema (in dispatchCall) and answers with a result envelope; calls from any frame but the main
 * window's own page are refused. Events go to the window as `webContents.send(name, payload)`.
 */
export function registerIpc(options: { handlers: Handlers; hub: EventHub; window: () => BrowserWindow | null; onUnexpectedError: (name: string, error: unknown) => void }): () => void {
  const trusted = (event: IpcMainInvokeEvent): boolean => {
    const window = options.window();
    return window !== null && event.sender === window.webContents && event.senderFrame === window.webContents.mainFrame;
  };
  for (const name of CALL_NAMES) {
    ipcMain.handle(name, async (event, payload: unknown): Promise<WireResult<unknown>> => {
      if (!trusted(event)) return { ok: false, error: { code: 'bad-request', message: 'calls are accepted from the main window only' } };
      return dispatchCall(options.handlers, name, payload, { onUnexpectedError: options.onUnexpectedError });
    });
  }
  const stopEvents = options.hub.listen((event, payload) => {
    const window = options.window();
    if (window && !window.isDestroyed()) window.webContents.send(event, payload);
  });
  return () => {
    stopEvents();
    for (const name of CALL_NAMES) ipcMain.removeHandler(name);
  };
}
