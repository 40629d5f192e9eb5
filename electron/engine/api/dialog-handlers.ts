import { stat } from 'node:fs/promises';
import { dirname, isAbsolute } from 'node:path';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** Throws unless `path` is an absolute path to an existing regular file (what the shell may reveal). */
async function requireFile(path: string): Promise<void> {
  if (!isAbsolute(path)) throw new ApiFailure('bad-request', `${path}: give an absolute path to reveal`);
  const found = await stat(path).catch(() => null);
  if (found === null || !found.isFile()) throw new ApiFailure('not-found', `${path}: there is no such file to reveal (was it moved or deleted?)`);
}

/**
 * `dialogs.*`: native dialogs in the desktop shell; `supported: false` elsewhere. What the user
 * picks in a dialog is the grant (docs/security.md, "File access"): the files chosen to open, the
 * folder of a file chosen to save. The grant happens here, in the engine, in the same call.
 */
export function dialogHandlers(services: ApiServices): HandlerModule<'dialogs.openFiles' | 'dialogs.saveFile' | 'dialogs.reveal'> {
  const { access } = services;
  const { dialogs } = services.host;
  return {
    'dialogs.openFiles': async (request) => {
      if (!dialogs) return { supported: false, paths: [] };
      const paths = await dialogs.openFiles(request);
      for (const path of paths) await access.grant(path, 'dialog', 'file');
      return { supported: true, paths };
    },
    'dialogs.saveFile': async (request) => {
      if (!dialogs) return { supported: false, path: null };
      const path = await dialogs.saveFile(request);
      if (path !== null) await access.grantFolderToBe(dirname(path), 'dialog');
      return { supported: true, path };
    },
    'dialogs.reveal': async ({ path }) => {
      if (!dialogs) return { supported: false };
      await requireFile(path);
      await access.checkRead(path, 'file to reveal');
      await dialogs.reveal(path);
      return { supported: true };
    },
  };
}
