import { app, BrowserWindow, dialog, session } from 'electron';
import { userInfo } from 'node:os';
import { join, resolve } from 'node:path';
import { EngineProcess } from './engine-process';
import { ClickedLinks } from './external-links';
import { registerConnect } from './ipc';
import { createMainWindow } from './main-window';
import { installMenu } from './menu';
import { showNativeDialog } from './native-dialogs';
import { lockSession, registerLinkClicks } from './web-security';

/**
 * The desktop shell: windows, the menu, native dialogs, and the relay that connects each window
 * to the engine host in its utility process (docs/ARCHITECTURE.md, "Processes"). It imports no
 * engine module (npm run lint checks), so no engine work can block this thread.
 */

let window: BrowserWindow | null = null;
const links = new ClickedLinks();

/** The demo shards: beside the app when packaged (electron-builder extraResources), in the repository otherwise. */
function demoDir(): string {
  return app.isPackaged ? join(process.resourcesPath, 'samples') : join(app.getAppPath(), 'resources/samples');
}

/**
 * The compiled engine host. Packaged, it runs from app.asar.unpacked (electron-builder.yml
 * asarUnpack): its worker threads and their imports then load from plain files.
 */
function hostPath(): string {
  return join(app.isPackaged ? `${app.getAppPath()}.unpacked` : app.getAppPath(), 'out/engine/host.mjs');
}

void app.whenReady().then(() => {
  // Start-up with no arguments opens the demo recipe, so a new user sees real data at once.
  const shards = process.argv.slice(app.isPackaged ? 1 : 2).filter((argument) => !argument.startsWith('-'));
  const engine = new EngineProcess({
    modulePath: hostPath(),
    settings: {
      version: app.getVersion(),
      dataDir: app.getPath('userData'),
      demoDir: demoDir(),
      user: userInfo().username || 'annotator',
      dialogs: true,
      open: shards.length > 0 ? { shards: shards.map((shard) => resolve(shard)) } : 'demo',
    },
    showDialog: (request) => showNativeDialog(request, window),
    onRestart: () => window?.webContents.reload(),
    onGiveUp: (message) => {
      dialog.showErrorBox('AgentMix Studio', `${message} Quit and start the app again; if it keeps happening, run it from a terminal to see the error.`);
      app.quit();
    },
  });
  lockSession(session.defaultSession, (contents) => window !== null && contents === window.webContents);
  registerConnect({ window: () => window, connect: (contents) => engine.connect(contents) });
  registerLinkClicks(() => window, links);
  installMenu((command) => engine.command(command));
  window = createMainWindow(app.getPath('userData'), links);
  window.on('closed', () => (window = null));
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) {
      window = createMainWindow(app.getPath('userData'), links);
      window.on('closed', () => (window = null));
    }
  });
  app.on('will-quit', () => engine.stop());
});

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit();
});
