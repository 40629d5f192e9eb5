import { BrowserWindow } from 'electron';
import { join } from 'node:path';
import type { ClickedLinks } from './external-links';
import { devRendererUrl, guardNavigation } from './web-security';
import { loadWindowState, saveWindowState } from './window-state';

/**
 * Creates the one window: sandboxed renderer, context isolation, no Node integration, no
 * navigation and no new windows (web links the user clicks open in the system browser instead:
 * web-security.ts), and the size and place it had last time.
 */
export function createMainWindow(userData: string, links: ClickedLinks): BrowserWindow {
  const state = loadWindowState(userData);
  const window = new BrowserWindow({
    width: state.width,
    height: state.height,
    ...(state.x !== undefined && state.y !== undefined ? { x: state.x, y: state.y } : {}),
    title: 'AgentMix Studio',
    show: false,
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
    },
  });
  if (state.maximized) window.maximize();
  window.once('ready-to-show', () => window.show());

  guardNavigation(window, links);

  window.on('close', () => {
    const bounds = window.getNormalBounds();
    saveWindowState(userData, { width: bounds.width, height: bounds.height, x: bounds.x, y: bounds.y, maximized: window.isMaximized() });
  });

  const devServer = devRendererUrl();
  if (devServer !== null) void window.loadURL(devServer);
  else void window.loadFile(join(import.meta.dirname, '../renderer/index.html'));
  return window;
}
