import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, rename, rm, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

/**
 * Atomic replacement of a file (docs/recipe.md, "Export"): the new content goes to a temporary
 * file in the same folder (so the rename stays within one file system), is flushed with fsync, and
 * is renamed over the target; then the folder is fsynced so the rename itself survives a power cut.
 * rename(2) replaces the directory entry in one step, so a process killed at any moment leaves the
 * old file or the complete new one, never a torn one. A killed writer leaves its temporary file
 * behind; the next write to the same target removes it ({@link removeStaleTemporaries}).
 */

/** Marks our temporary files: `.<target name>.<pid>-<random>.agentmix-tmp`. */
const TEMPORARY_SUFFIX = '.agentmix-tmp';

/** Temporary files this process is writing now: never stale, whatever their pid says. */
const activeTemporaries = new Set<string>();

/** A file being written in place of a target. */
export interface AtomicFile {
  readonly target: string;
  readonly temporaryPath: string;
  /** Appends bytes (or UTF-8 text). */
  write(chunk: Uint8Array | string): Promise<void>;
  /** Flushes to disk (fsync) and closes the temporary file; the target is not touched yet. */
  finish(): Promise<void>;
  /** Finishes if needed, renames the temporary file over the target and fsyncs the folder. */
  commit(): Promise<void>;
  /** Closes and deletes the temporary file; the target keeps its old content. */
  abort(): Promise<void>;
}

/** The temporary-file name pattern of a target (the prefix before the pid). */
function temporaryPrefix(target: string): string {
  return `.${basename(target)}.`;
}

/** Whether a process with this pid is running (EPERM means it exists but is not ours). */
function isAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Deletes temporary files that earlier writers of `target` left behind when they were killed:
 * those whose process is gone (or, for this process, that are not being written now).
 * Returns the paths it removed.
 */
export async function removeStaleTemporaries(target: string): Promise<string[]> {
  const folder = dirname(target);
  const prefix = temporaryPrefix(target);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMPORARY_SUFFIX)) continue;
    const path = join(folder, name);
    const pid = Number.parseInt(name.slice(prefix.length), 10);
    if (activeTemporaries.has(path) || (pid !== process.pid && Number.isInteger(pid) && isAlive(pid))) continue;
    await rm(path, { force: true });
    removed.push(path);
  }
  return removed;
}

/** fsyncs a folder so a rename in it is durable; platforms that cannot open folders (Windows) skip it. */
async function syncFolder(folder: string): Promise<void> {
  let handle: FileHandle | undefined;
  try {
    handle = await open(folder, 'r');
    await handle.sync();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== 'EISDIR' && code !== 'EPERM' && code !== 'EINVAL' && code !== 'EBADF') throw error;
  } finally {
    await handle?.close();
  }
}

/** Opens a temporary file beside `target` (creating the folder), after clearing stale ones. */
export async function openAtomicFile(target: string): Promise<AtomicFile> {
  const folder = dirname(target);
  await mkdir(folder, { recursive: true });
  await removeStaleTemporaries(target);
  const temporaryPath = join(folder, `${temporaryPrefix(target)}${process.pid}-${randomBytes(6).toString('hex')}${TEMPORARY_SUFFIX}`);
  const handle = await open(temporaryPath, 'wx');
  activeTemporaries.add(temporaryPath);
  let state: 'open' | 'finished' | 'done' = 'open';

  async function finish(): Promise<void> {
    if (state !== 'open') return;
    try {
      await handle.sync();
    } finally {
      state = 'finished';
      await handle.close();
    }
  }

  return {
    target,
    temporaryPath,
    async write(chunk) {
      if (state !== 'open') throw new Error(`write after finish: ${target}`);
      const bytes = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
      // write(2) may take less than asked; loop until every byte is in.
      for (let done = 0; done < bytes.length; ) done += (await handle.write(bytes, done, bytes.length - done)).bytesWritten;
    },
    finish,
    async commit() {
      if (state === 'done') throw new Error(`already committed or aborted: ${target}`);
      await finish();
      try {
        await rename(temporaryPath, target);
      } catch (error) {
        await rm(temporaryPath, { force: true });
        throw error;
      } finally {
        state = 'done';
        activeTemporaries.delete(temporaryPath);
      }
      await syncFolder(folder);
    },
    async abort() {
      if (state === 'done') return;
      if (state === 'open') await handle.close().catch(() => undefined);
      state = 'done';
      activeTemporaries.delete(temporaryPath);
      await rm(temporaryPath, { force: true });
    },
  };
}

/** Replaces `target` with `data` atomically (for small files: manifests, side files). */
export async function writeFileAtomic(target: string, data: string | Uint8Array): Promise<void> {
  const file = await openAtomicFile(target);
  try {
    await file.write(data);
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}
