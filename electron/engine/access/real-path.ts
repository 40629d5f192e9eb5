import { lstat, readdir, realpath } from 'node:fs/promises';
import { basename, dirname, isAbsolute, join, parse, sep } from 'node:path';

/**
 * Paths as the kernel sees them (docs/security.md, "File access"): every check compares real
 * paths, with symlinks and `..` resolved the way open(2) resolves them. `path.resolve` is not
 * enough: it folds `link/..` lexically, while the kernel follows `link` first.
 */

/** Where a path really leads, and what is there. */
export interface RealPath {
  /** The real path (for a path that does not exist yet: its real folder and the rest of the name). */
  real: string;
  /** What the real path is: a regular file, a folder, something else (FIFO, socket, device), or nothing yet. */
  type: 'file' | 'folder' | 'special' | 'missing';
}

/** The path made absolute against the working folder, without folding `..` (see the module comment). */
function absolute(path: string): string {
  return isAbsolute(path) ? path : `${process.cwd()}${sep}${path}`;
}

/** True when `child` is `folder` or inside it (both real paths). */
export function isInside(child: string, folder: string): boolean {
  if (child === folder) return true;
  return child.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

/** True when `path` is the root of its file system (`/`, `C:\`). */
export function isRoot(path: string): boolean {
  return parse(path).root === path;
}

/** The type of an existing real path (lstat: the real path holds no link). */
async function typeOf(real: string): Promise<RealPath['type']> {
  const info = await lstat(real);
  if (info.isFile()) return 'file';
  if (info.isDirectory()) return 'folder';
  return 'special';
}

/**
 * Resolves `path` to its real path: realpath(3) when it exists; otherwise the real path of its
 * nearest existing ancestor with the missing part appended (a missing part holds no links, so it
 * can be folded lexically).
 */
export async function resolveReal(path: string): Promise<RealPath> {
  let existing = absolute(path);
  const rest: string[] = [];
  for (;;) {
    try {
      const real = await realpath(existing);
      if (rest.length === 0) return { real, type: await typeOf(real) };
      return { real: rest.reduceRight((folder, name) => join(folder, name), real), type: 'missing' };
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') throw error;
      const parent = dirname(existing);
      if (parent === existing) throw error;
      rest.push(basename(existing));
      existing = parent;
    }
  }
}

/**
 * The entry a write replaces: the real folder it is in and its name there. rename(2) replaces the
 * entry itself, so the folder is resolved and the last name is kept, and a link at that name is
 * reported (`link: true`) rather than followed.
 */
export async function resolveWriteTarget(path: string): Promise<{ real: string; type: RealPath['type'] | 'link' }> {
  const name = basename(path);
  if (name === '' || name === '.' || name === '..') return { real: (await resolveReal(path)).real, type: 'folder' };
  const folder = await resolveReal(dirname(absolute(path)));
  const real = join(folder.real, name);
  if (folder.type !== 'folder' && folder.type !== 'missing') return { real, type: 'special' };
  try {
    const info = await lstat(real);
    if (info.isSymbolicLink()) return { real, type: 'link' };
    return { real, type: info.isFile() ? 'file' : info.isDirectory() ? 'folder' : 'special' };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return { real, type: 'missing' };
    throw error;
  }
}

/** Entries a folder walk visits at most before it gives up (a mistyped `/` must not walk the disk). */
const WALK_LIMIT = 200_000;

/**
 * The symlinks under a folder (recursively, hidden entries skipped as the readers skip them) with
 * their real targets; a broken link has none. Links to folders are walked too (once each, so a
 * loop ends). Stops after {@link WALK_LIMIT} entries.
 */
export async function linksUnder(folder: string): Promise<{ links: { path: string; target: string | null }[]; complete: boolean }> {
  const links: { path: string; target: string | null }[] = [];
  const pending = [folder];
  const walked = new Set(pending);
  let visited = 0;
  while (pending.length > 0) {
    const current = pending.pop() as string;
    let entries;
    try {
      entries = await readdir(current, { withFileTypes: true });
    } catch {
      continue;
    }
    for (const entry of entries) {
      if (++visited > WALK_LIMIT) return { links, complete: false };
      if (entry.name.startsWith('.')) continue;
      const path = join(current, entry.name);
      if (entry.isDirectory()) pending.push(path);
      else if (entry.isSymbolicLink()) {
        const target = await realpath(path).catch(() => null);
        links.push({ path, target });
        if (target !== null && !walked.has(target) && (await typeOf(target).catch(() => null)) === 'folder') {
          walked.add(target);
          pending.push(target);
        }
      }
    }
  }
  return { links, complete: true };
}
