import { beforeEach, describe, expect, it, vi } from 'vitest';

/**
 * The shell's web-security settings (docs/security.md, "Electron") against a stand-in `electron`
 * module: no Electron binary can run here, so the handlers are installed on recording fakes and
 * called as Electron would call them.
 */
const electron = vi.hoisted(() => ({
  app: { isPackaged: false },
  opened: [] as string[],
  ipcListeners: new Map<string, (event: unknown, ...args: unknown[]) => void>(),
}));

vi.mock('electron', () => ({
  app: electron.app,
  shell: { openExternal: async (url: string) => void electron.opened.push(url) },
  ipcMain: {
    on: (channel: string, listener: (event: unknown, ...args: unknown[]) => void) => electron.ipcListeners.set(channel, listener),
    removeListener: (channel: string) => electron.ipcListeners.delete(channel),
  },
}));

const { devRendererUrl, guardNavigation, lockSession, registerLinkClicks } = await import('../../../../electron/main/web-security');
const { ClickedLinks } = await import('../../../../electron/main/external-links');
const { SHELL_CHANNELS } = await import('../../../../shared/api/shell-channels');

/** A session that keeps the handlers it is given. */
function fakeSession() {
  const handlers: { request?: (contents: unknown, permission: string, callback: (granted: boolean) => void) => void; check?: (contents: unknown, permission: string) => boolean; device?: () => boolean } = {};
  return {
    handlers,
    setPermissionRequestHandler: (handler: typeof handlers.request) => (handlers.request = handler),
    setPermissionCheckHandler: (handler: typeof handlers.check) => (handlers.check = handler),
    setDevicePermissionHandler: (handler: typeof handlers.device) => (handlers.device = handler),
  };
}

/** A window whose webContents keeps its listeners and open handler. */
function fakeWindow() {
  const listeners = new Map<string, (event: { url: string; preventDefault: () => void }) => void>();
  let openHandler: ((details: { url: string }) => { action: string }) | null = null;
  const mainFrame = {};
  const webContents = {
    mainFrame,
    setWindowOpenHandler: (handler: typeof openHandler) => (openHandler = handler),
    on: (name: string, listener: (event: { url: string; preventDefault: () => void }) => void) => listeners.set(name, listener),
  };
  const navigate = (name: string, url: string): boolean => {
    let prevented = false;
    listeners.get(name)?.({ url, preventDefault: () => (prevented = true) });
    return prevented;
  };
  return { window: { webContents }, webContents, mainFrame, listeners, open: (url: string) => openHandler?.({ url }), navigate };
}

beforeEach(() => {
  electron.opened.length = 0;
  electron.ipcListeners.clear();
  electron.app.isPackaged = false;
});

describe('permissions', () => {
  it('refuses every permission, on request and on check, but clipboard writes from the app page', () => {
    const session = fakeSession();
    const page = {};
    lockSession(session as never, (contents) => contents === page);
    const asked = (contents: unknown, permission: string): boolean => {
      let granted = true;
      session.handlers.request?.(contents, permission, (value) => (granted = value));
      return granted;
    };
    for (const permission of ['geolocation', 'media', 'notifications', 'openExternal', 'clipboard-read', 'fullscreen']) {
      expect(asked(page, permission)).toBe(false);
      expect(session.handlers.check?.(page, permission)).toBe(false);
    }
    expect(asked(page, 'clipboard-sanitized-write')).toBe(true);
    expect(session.handlers.check?.(page, 'clipboard-sanitized-write')).toBe(true);
    expect(session.handlers.check?.({}, 'clipboard-sanitized-write')).toBe(false);
    expect(session.handlers.check?.(null, 'clipboard-sanitized-write')).toBe(false);
    expect(session.handlers.device?.()).toBe(false);
  });
});

describe('navigation and links', () => {
  it('opens a web link in the browser only after a trusted click reported by the window\'s own page', () => {
    const links = new ClickedLinks();
    const fake = fakeWindow();
    guardNavigation(fake.window as never, links);
    registerLinkClicks(() => fake.window as never, links);
    const report = electron.ipcListeners.get(SHELL_CHANNELS.linkClicked);
    expect(fake.open('https://example.org/')).toEqual({ action: 'deny' });
    expect(electron.opened).toEqual([]);
    // A report from another frame or another page is ignored.
    report?.({ sender: {}, senderFrame: fake.mainFrame }, 'https://example.org/');
    report?.({ sender: fake.webContents, senderFrame: {} }, 'https://example.org/');
    expect(fake.open('https://example.org/')).toEqual({ action: 'deny' });
    expect(electron.opened).toEqual([]);
    report?.({ sender: fake.webContents, senderFrame: fake.mainFrame }, 'https://example.org/');
    expect(fake.open('https://example.org/')).toEqual({ action: 'deny' });
    expect(electron.opened).toEqual(['https://example.org/']);
    report?.({ sender: fake.webContents, senderFrame: fake.mainFrame }, 'file:///etc/passwd');
    fake.open('file:///etc/passwd');
    expect(electron.opened).toEqual(['https://example.org/']);
  });

  it('never navigates the window, and opens a clicked link that would have navigated it', () => {
    const links = new ClickedLinks();
    const fake = fakeWindow();
    guardNavigation(fake.window as never, links);
    expect(fake.navigate('will-navigate', 'https://evil.example/')).toBe(true);
    expect(fake.navigate('will-redirect', 'https://evil.example/')).toBe(true);
    expect(fake.navigate('will-attach-webview', 'https://evil.example/')).toBe(true);
    expect(electron.opened).toEqual([]);
    links.noteClick('https://example.org/page');
    expect(fake.navigate('will-navigate', 'https://example.org/page')).toBe(true);
    expect(electron.opened).toEqual(['https://example.org/page']);
  });

  it('honours the dev server only in a development run, and only on this machine', () => {
    process.env['ELECTRON_RENDERER_URL'] = 'http://localhost:5173/';
    expect(devRendererUrl()).toBe('http://localhost:5173/');
    electron.app.isPackaged = true;
    expect(devRendererUrl()).toBeNull();
    electron.app.isPackaged = false;
    process.env['ELECTRON_RENDERER_URL'] = 'https://evil.example/';
    expect(devRendererUrl()).toBeNull();
    delete process.env['ELECTRON_RENDERER_URL'];
    expect(devRendererUrl()).toBeNull();
  });
});
