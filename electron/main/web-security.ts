import { app, ipcMain, shell, type BrowserWindow, type IpcMainEvent, type Session, type WebContents } from 'electron';
import { SHELL_CHANNELS } from '../../shared/api/shell-channels';
import type { ClickedLinks } from './external-links';

/**
 * The shell's web-security settings, by Electron's security checklist (docs/security.md,
 * "Electron"): permissions refused but the one the UI uses, both where a page asks (request) and
 * where Chromium only checks (check); the dev server's URL honoured only in a development run; no
 * navigation, no new window, no webview; web links opened in the system browser only when the user
 * clicked them.
 */

/** The one permission the page uses: writing text to the clipboard (the export dialog's Copy path). */
const PAGE_PERMISSIONS = new Set(['clipboard-sanitized-write']);

/** Refuses every permission on `session` except {@link PAGE_PERMISSIONS}, and those only to the app's own page. */
export function lockSession(session: Session, isAppPage: (contents: WebContents | null) => boolean): void {
  session.setPermissionRequestHandler((contents, permission, callback) => callback(PAGE_PERMISSIONS.has(permission) && isAppPage(contents)));
  session.setPermissionCheckHandler((contents, permission) => PAGE_PERMISSIONS.has(permission) && isAppPage(contents));
  session.setDevicePermissionHandler(() => false);
}

/** The dev server's URL (electron-vite dev), honoured only when the app is not packaged, and only on this machine. */
export function devRendererUrl(): string | null {
  if (app.isPackaged) return null;
  const url = process.env['ELECTRON_RENDERER_URL'];
  return url !== undefined && /^http:\/\/(localhost|127\.0\.0\.1)(:\d+)?\//.test(url) ? url : null;
}

/** No navigation, no new windows, no webviews; a clicked web link opens in the system browser. */
export function guardNavigation(window: BrowserWindow, links: ClickedLinks): void {
  const contents = window.webContents;
  contents.setWindowOpenHandler(({ url }) => {
    if (links.take(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event) => {
    event.preventDefault();
    if (links.take(event.url)) void shell.openExternal(event.url);
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
}

/** Takes the preload's reports of clicked links, from the main window's own page only. Returns the function that stops. */
export function registerLinkClicks(window: () => BrowserWindow | null, links: ClickedLinks): () => void {
  const listener = (event: IpcMainEvent, url: unknown): void => {
    const current = window();
    if (current === null || event.sender !== current.webContents || event.senderFrame !== current.webContents.mainFrame || typeof url !== 'string') return;
    links.noteClick(url);
  };
  ipcMain.on(SHELL_CHANNELS.linkClicked, listener);
  return () => ipcMain.removeListener(SHELL_CHANNELS.linkClicked, listener);
}
