import { app, Menu, type MenuItemConstructorOptions } from 'electron';
import type { MENU_COMMANDS } from '../../shared/api/event-payloads';

/** A command the menu asks the renderer to run. */
export type MenuCommand = (typeof MENU_COMMANDS)[number];

/**
 * The application menu (docs/ui.md, "Desktop shell"): File (Open shards…, Open recipe…, Save recipe, Export…, review
 * files, Quit) and Help. Each item only forwards a command; the renderer runs it, so the menu and
 * the buttons do the same thing.
 */
export function installMenu(send: (command: MenuCommand) => void): void {
  const item = (label: string, command: MenuCommand, accelerator?: string): MenuItemConstructorOptions => ({ label, click: () => send(command), ...(accelerator ? { accelerator } : {}) });
  const template: MenuItemConstructorOptions[] = [
    ...(process.platform === 'darwin' ? [{ role: 'appMenu' as const }] : []),
    {
      label: 'File',
      submenu: [
        item('Open shards…', 'openShards', 'CmdOrCtrl+O'),
        item('Open recipe…', 'openRecipe', 'CmdOrCtrl+Shift+O'),
        item('Save recipe', 'saveRecipe', 'CmdOrCtrl+S'),
        item('Export…', 'export', 'CmdOrCtrl+E'),
        { type: 'separator' },
        item('Save review…', 'saveReview'),
        item('Load review…', 'loadReview'),
        { type: 'separator' },
        { label: 'Quit', accelerator: 'CmdOrCtrl+Q', click: () => app.quit() },
      ],
    },
    { role: 'editMenu' },
    { label: 'View', submenu: [{ role: 'reload' }, { role: 'toggleDevTools' }, { type: 'separator' }, { role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }] },
    { label: 'Help', submenu: [item('Keyboard shortcuts', 'showKeys')] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
