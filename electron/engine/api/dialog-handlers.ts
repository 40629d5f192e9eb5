import { stat } from 'node:fs/promises';
import { isAbsolute } from 'node:path';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** Throws unless `path` is an absolute path to an existing regular file (what the shell may reveal). */
async function requireFile(path: string): Promise<void> {
  if (!isAbsolute(path)) throw new ApiFailure('bad-request', `${path}: give an absolute path to reveal`);
  const found = await stat(path).catch(() => null);
  if (found === null || !found.isFile()) throw new ApiFailure('not-found', `${path}: there is no such file to reveal (was it moved or deleted?)`);
}

/** `dialogs.*`: native dialogs in the desktop shell; `supported: false` elsewhere. */
export function dialogHandlers(services: ApiServices): HandlerModule<'dialogs.openFiles' | 'dialogs.saveFile' | 'dialogs.reveal'> {
  const { dialogs } = services.host;
  return {
    'dialogs.openFiles': async (request) => (dialogs ? { supported: true, paths: await dialogs.openFiles(request) } : { supported: false, paths: [] }),
    'dialogs.saveFile': async (request) => (dialogs ? { supported: true, path: await dialogs.saveFile(request) } : { supported: false, path: null }),
    'dialogs.reveal': async ({ path }) => {
      if (!dialogs) return { supported: false };
      await requireFile(path);
      await dialogs.reveal(path);
      return { supported: true };
    },
  };
}
