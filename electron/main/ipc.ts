import { ipcMain, type BrowserWindow, type IpcMainEvent, type WebContents } from 'electron';
import { SHELL_CHANNELS } from '../../shared/api/shell-channels';

/**
 * The main process's only IPC: a page asks for a port to the engine host. Only the main window's
 * own page gets one (no other frame, no other window), so the port is the page's credential; the
 * host parses every call that comes over it. Returns the function that unregisters the handler.
 */
export function registerConnect(options: { window: () => BrowserWindow | null; connect: (contents: WebContents) => void }): () => void {
  const listener = (event: IpcMainEvent): void => {
    const window = options.window();
    if (window === null || event.sender !== window.webContents || event.senderFrame !== window.webContents.mainFrame) return;
    options.connect(event.sender);
  };
  ipcMain.on(SHELL_CHANNELS.connect, listener);
  return () => ipcMain.removeListener(SHELL_CHANNELS.connect, listener);
}
