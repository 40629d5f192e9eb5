import { app, BrowserWindow } from 'electron';
import { userInfo } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import workerPath from '../workers/index.ts?modulePath';
import { createHostApi } from '../engine/api/host-api';
import { registerIpc } from './ipc';
import { createMainWindow } from './main-window';
import { installMenu } from './menu';
import { createNativeDialogs } from './native-dialogs';

/**
 * The desktop shell: wires the engine (in this process, with its worker pool) to IPC, the menu and
 * the native dialogs. It holds no domain logic (docs/ARCHITECTURE.md).
 */

let window: BrowserWindow | null = null;

/** The demo shards: beside the app when packaged (electron-builder extraResources), in the repository otherwise. */
function demoDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'samples') : join(app.getAppPath(), 'resources/samples');
}

const logError = (name: string, error: unknown): void => console.error(`AgentMix: ${name} failed:`, error);

const api = createHostApi({
  host: { transport: 'ipc', version: app.getVersion(), dataDir: app.getPath('userData'), demoDir: demoDir(), user: userInfo().username || 'annotator', dialogs: createNativeDialogs(() => window) },
  // The worker bundle electron-vite builds beside the main bundle (electron.vite.config.ts).
  engine: { workerUrl: pathToFileURL(workerPath) },
  onUnexpectedError: logError,
});

void app.whenReady().then(() => {
  registerIpc({ handlers: api.handlers, hub: api.hub, window: () => window, onUnexpectedError: logError });
  installMenu((command) => api.hub.emit('onDidRequestCommand', { command }));
  window = createMainWindow(app.getPath('userData'));
  window.on('closed', () => (window = null));
  // Start-up with no arguments opens the demo recipe, so a new user sees real data at once.
  const shards = process.argv.slice(app.isPackaged ? 1 : 2).filter((argument) => !argument.startsWith('-'));
  void (shards.length > 0 ? api.call('sources.open', { paths: shards }) : api.call('recipe.openDemo', {}));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) window = createMainWindow(app.getPath('userData'));
  });
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});

app.on('will-quit', () => {
  void api.dispose();
});
