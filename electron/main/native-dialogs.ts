import { dialog, shell, type BrowserWindow } from 'electron';
import type { NativeDialogs } from '../engine/api/services';

/** The desktop's open and save dialogs (attached to the main window when there is one) and the file manager's reveal. */
export function createNativeDialogs(window: () => BrowserWindow | null): NativeDialogs {
  return {
    openFiles: async (options) => {
      const parent = window();
      const settings: Electron.OpenDialogOptions = {
        title: options.title ?? 'Open',
        properties: ['openFile', ...(options.multiple ? (['multiSelections'] as const) : [])],
        filters: options.filters ?? [],
      };
      const result = parent ? await dialog.showOpenDialog(parent, settings) : await dialog.showOpenDialog(settings);
      return result.canceled ? [] : result.filePaths;
    },
    saveFile: async (options) => {
      const parent = window();
      const settings: Electron.SaveDialogOptions = { title: options.title ?? 'Save', defaultPath: options.defaultPath, filters: options.filters ?? [] };
      const result = parent ? await dialog.showSaveDialog(parent, settings) : await dialog.showSaveDialog(settings);
      return result.canceled || !result.filePath ? null : result.filePath;
    },
    // The handler has checked that the path is an existing file (electron/engine/api/dialog-handlers.ts).
    reveal: (path) => shell.showItemInFolder(path),
  };
}
