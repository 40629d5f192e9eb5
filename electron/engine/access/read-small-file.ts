import { constants } from 'node:fs';
import { open } from 'node:fs/promises';
import { FileAccessError } from './access-error';

/**
 * Reads a small file whole (a review file, a recipe, a manifest) with the checks a hostile path
 * needs: opened non-blocking, so a FIFO cannot hang the call; refused unless the open file is a
 * regular file (`/dev/zero` would read until V8's string limit); refused past `maxBytes`.
 */

/** O_NONBLOCK where the platform has it (not on Windows, which has no FIFOs of this kind). */
const NON_BLOCKING = constants.O_NONBLOCK ?? 0;

/** Reads `path` as UTF-8, at most `maxBytes` bytes; `what` names it in errors ("review file"). */
export async function readSmallFile(path: string, maxBytes: number, what: string): Promise<string> {
  let handle;
  try {
    handle = await open(path, constants.O_RDONLY | NON_BLOCKING);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') throw new FileAccessError('not-found', `${what} ${path}: no such file`);
    if (code === 'EACCES' || code === 'EPERM') throw new FileAccessError('forbidden', `${what} ${path}: permission denied`);
    if (code === 'EISDIR') throw new FileAccessError('bad-request', `${what} ${path}: is a folder`);
    throw new FileAccessError('bad-request', `${what} ${path}: cannot be opened (${code ?? 'unknown error'})`);
  }
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw new FileAccessError('bad-request', `${what} ${path}: not a regular file (a FIFO, socket or device is never read)`);
    if (info.size > maxBytes) throw new FileAccessError('bad-request', `${what} ${path}: ${info.size.toLocaleString('en-US')} bytes, over the ${maxBytes.toLocaleString('en-US')} a ${what} may have`);
    // Read to the end (not to the stat's size): a file that grows since the stat is still capped.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(Math.min(1024 * 1024, maxBytes + 1 - total));
      const { bytesRead } = await handle.read(chunk, 0, chunk.length, total);
      if (bytesRead === 0) break;
      chunks.push(chunk.subarray(0, bytesRead));
      total += bytesRead;
      if (total > maxBytes) throw new FileAccessError('bad-request', `${what} ${path}: over the ${maxBytes.toLocaleString('en-US')} bytes a ${what} may have`);
    }
    return Buffer.concat(chunks, total).toString('utf8');
  } finally {
    await handle.close();
  }
}
