import { readdir, stat } from 'node:fs/promises';
import { extname, join } from 'node:path';

/** File name endings read from a folder of shards (a file named explicitly is read whatever its name). */
export const SHARD_EXTENSIONS = new Set(['.json', '.jsonl', '.ndjson', '.parquet']);

/** A path that cannot be opened: it does not exist, or it cannot be read. */
export class SourceOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot open ${path}: ${reason}`);
    this.name = 'SourceOpenError';
  }
}

/**
 * The shard files a path names: the file itself, or every `.json`, `.jsonl`, `.ndjson` and
 * `.parquet` file under a folder (recursively, hidden entries skipped), sorted by path.
 * Rejects with {@link SourceOpenError} when the path cannot be opened.
 */
export async function expandPath(path: string): Promise<string[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new SourceOpenError(path, describeFsError(error));
  }
  if (info.isFile()) return [path];
  if (!info.isDirectory()) throw new SourceOpenError(path, 'not a file or a folder');
  const files: string[] = [];
  await walk(path, files);
  return files.sort();
}

async function walk(folder: string, files: string[]): Promise<void> {
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    throw new SourceOpenError(folder, describeFsError(error));
  }
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    if (entry.isDirectory()) await walk(path, files);
    else if (entry.isFile() && SHARD_EXTENSIONS.has(extname(entry.name).toLowerCase())) files.push(path);
  }
}

/** A file-system error in words. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  return error instanceof Error ? error.message : String(error);
}
