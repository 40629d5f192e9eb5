import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** `dialogs.*`: native dialogs in the desktop shell; `supported: false` elsewhere. */
export function dialogHandlers(services: ApiServices): HandlerModule<'dialogs.openFiles' | 'dialogs.saveFile'> {
  const { dialogs } = services.host;
  return {
    'dialogs.openFiles': async (request) => (dialogs ? { supported: true, paths: await dialogs.openFiles(request) } : { supported: false, paths: [] }),
    'dialogs.saveFile': async (request) => (dialogs ? { supported: true, path: await dialogs.saveFile(request) } : { supported: false, path: null }),
  };
}
