import { dialog, shell, type BrowserWindow } from 'electron';
import { isAbsolute } from 'node:path';
import type { DialogRequest } from '../../shared/api/host-protocol';

/**
 * Shows the native dialog the engine host asked for (shared/api/host-protocol.ts), attached to the
 * main window when there is one, and resolves to the answer the host expects: the chosen paths,
 * the chosen path or null, or null for a reveal. The paths a user picks here are the ones the
 * engine may then open or write (docs/ARCHITECTURE.md, "Processes").
 */
export async function showNativeDialog(request: DialogRequest, window: BrowserWindow | null): Promise<string[] | string | null> {
  switch (request.op) {
    case 'openFiles': {
      const { options } = request;
      const settings: Electron.OpenDialogOptions = {
        title: options.title ?? 'Open',
        properties: ['openFile', ...(options.multiple ? (['multiSelections'] as const) : [])],
        filters: options.filters ?? [],
      };
      const result = window ? await dialog.showOpenDialog(window, settings) : await dialog.showOpenDialog(settings);
      return result.canceled ? [] : result.filePaths;
    }
    case 'saveFile': {
      const { options } = request;
      const settings: Electron.SaveDialogOptions = { title: options.title ?? 'Save', defaultPath: options.defaultPath, filters: options.filters ?? [] };
      const result = window ? await dialog.showSaveDialog(window, settings) : await dialog.showSaveDialog(settings);
      return result.canceled || !result.filePath ? null : result.filePath;
    }
    case 'reveal':
      // The host has checked that the path is an existing file (electron/engine/api/dialog-handlers.ts).
      if (isAbsolute(request.path)) shell.showItemInFolder(request.path);
      return null;
  }
}
