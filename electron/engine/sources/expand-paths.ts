import { readdir, realpath, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { SourceOptions } from '../types';
import { isDatasetInfoName, readDatasetInfo } from './dataset-info';

/** File name endings read from a folder of shards (a file named explicitly is read whatever its name); `.traj` is SWE-agent's JSON trajectory file. */
export const SHARD_EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.parquet', '.traj', '.json.gz', '.jsonl.gz', '.ndjson.gz'];

/** Folders nested deeper than this under a named folder are not walked (and say so). */
const MAX_FOLDER_DEPTH = 64;

/** A path that cannot be opened: it does not exist, or it is not a file or a folder. */
export class SourceOpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`cannot open ${path}: ${reason}`);
    this.name = 'SourceOpenError';
  }
}

/** A shard a path names, or an entry that cannot be read (`unreadable` says why): a problem of its own. */
export interface ShardEntry {
  path: string;
  unreadable?: string;
  /** How to read it, when a `dataset_info.json` named it (its mapping and dataset name). */
  options?: Pick<SourceOptions, 'format' | 'mapping' | 'dataset'>;
}

/** True when a file name ends like a shard. */
export function isShardName(name: string): boolean {
  const lower = name.toLowerCase();
  return SHARD_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

/** What a walk collects. */
interface Walk {
  entries: ShardEntry[];
  /** Real paths of the files listed, so that a file reached through two links is read once. */
  files: Set<string>;
  /** Real paths of the folders walked (a link to one of them is not walked again). */
  folders: Set<string>;
  /** Names of files that are not shards, for the message of a folder that holds none. */
  others: string[];
}

/**
 * The shards a path names (docs/ingest.md, "Folders"): the file itself, or every file under a
 * folder whose name ends in one of {@link SHARD_EXTENSIONS}, recursively, hidden entries skipped,
 * symbolic links followed (a Hugging Face hub snapshot is a tree of links into `blobs/`) with a
 * guard against loops, each file once, sorted by path. Entries that cannot be read (a link loop, a
 * dangling link, a pipe with a shard's name, a folder without permission) and a named folder
 * that holds no shard come back as unreadable entries, so that each is one problem and the other
 * files are read. Rejects with {@link SourceOpenError} when the path itself does not exist or is
 * not a file or a folder. A `dataset_info.json` among them stands for the datasets it lists, each
 * read through its mapping (docs/formats.md, "Mappings"), and the files it names are not read again
 * without one.
 */
export async function expandPath(path: string): Promise<ShardEntry[]> {
  const entries = await expandFiles(path);
  const lists = entries.filter((entry) => entry.unreadable === undefined && isDatasetInfoName(entry.path));
  if (lists.length === 0) return entries;
  const listed: ShardEntry[] = [];
  for (const list of lists) for (const entry of await datasetEntries(list.path)) listed.push(entry);
  const named = new Set(listed.filter((entry) => entry.options !== undefined).map((entry) => resolve(entry.path)));
  const rest = entries.filter((entry) => !lists.includes(entry) && !named.has(resolve(entry.path)));
  return [...rest, ...listed].sort(byPath);
}

/** The files of each dataset a `dataset_info.json` lists (a `file_name` may name a folder), or the one problem of each that cannot be read. */
async function datasetEntries(path: string): Promise<ShardEntry[]> {
  const datasets = await readDatasetInfo(path);
  if ('error' in datasets) return [{ path, unreadable: datasets.error }];
  const entries: ShardEntry[] = [];
  for (const dataset of datasets) {
    if ('unreadable' in dataset) {
      entries.push({ path: dataset.path, unreadable: dataset.unreadable });
      continue;
    }
    try {
      for (const entry of await expandFiles(dataset.path)) entries.push(entry.unreadable === undefined ? { path: entry.path, options: dataset.options } : entry);
    } catch (error) {
      const reason = error instanceof SourceOpenError ? error.reason : String(error);
      entries.push({ path: dataset.path, unreadable: `dataset "${dataset.name}" of ${path}: its file_name cannot be opened: ${reason}` });
    }
  }
  return entries;
}

function byPath(first: ShardEntry, second: ShardEntry): number {
  return first.path < second.path ? -1 : first.path > second.path ? 1 : 0;
}

/** The files a path names (see {@link expandPath}), a `dataset_info.json` being a file like any other. */
async function expandFiles(path: string): Promise<ShardEntry[]> {
  let info;
  try {
    info = await stat(path);
  } catch (error) {
    throw new SourceOpenError(path, describeFsError(error));
  }
  if (info.isFile()) return [{ path }];
  if (!info.isDirectory()) throw new SourceOpenError(path, 'not a regular file or a folder (a pipe, device or socket cannot be read as a shard)');
  const walk: Walk = { entries: [], files: new Set(), folders: new Set(), others: [] };
  await walkFolder(path, await realpath(path), walk, [], 0);
  if (walk.entries.length === 0) walk.entries.push({ path, unreadable: describeEmptyFolder(walk.others) });
  return walk.entries.sort(byPath);
}

function describeEmptyFolder(others: readonly string[]): string {
  const found = others.length === 0 ? 'it holds no files' : `it holds ${others.length} other file${others.length === 1 ? '' : 's'}, e.g. ${others.slice(0, 3).join(', ')}`;
  return `the folder holds no shard: no file in it or below it ends in ${SHARD_EXTENSIONS.join(', ')} (${found}); name a file explicitly to read it whatever its name`;
}

async function walkFolder(folder: string, real: string, walk: Walk, ancestors: readonly string[], depth: number): Promise<void> {
  walk.folders.add(real);
  let entries;
  try {
    entries = await readdir(folder, { withFileTypes: true });
  } catch (error) {
    walk.entries.push({ path: folder, unreadable: `the folder cannot be read (${describeFsError(error)}): its shards, if any, were not read` });
    return;
  }
  const inside = [...ancestors, real];
  // In name order, so that a file reached through two links is always listed under the same one.
  entries.sort((first, second) => (first.name < second.name ? -1 : first.name > second.name ? 1 : 0));
  for (const entry of entries) {
    if (entry.name.startsWith('.')) continue;
    const path = join(folder, entry.name);
    const shardName = isShardName(entry.name);
    let kind: { isDirectory(): boolean; isFile(): boolean } = entry;
    if (entry.isSymbolicLink()) {
      try {
        kind = await stat(path);
      } catch (error) {
        const code = (error as { code?: string }).code;
        if (shardName || code === 'ELOOP') walk.entries.push({ path, unreadable: code === 'ELOOP' ? 'a symbolic link loop (the link leads back to itself): not followed' : `a symbolic link to nothing (${describeFsError(error)})` });
        continue;
      }
    }
    if (kind.isDirectory()) {
      const target = await realpath(path).catch(() => path);
      if (inside.includes(target)) {
        walk.entries.push({ path, unreadable: `a symbolic link back to the folder ${target} that holds it (a loop): not followed` });
      } else if (depth + 1 >= MAX_FOLDER_DEPTH) {
        walk.entries.push({ path, unreadable: `folders nested more than ${MAX_FOLDER_DEPTH} deep are not walked` });
      } else if (!walk.folders.has(target)) {
        await walkFolder(path, target, walk, inside, depth + 1);
      }
    } else if (kind.isFile()) {
      if (!shardName) {
        if (walk.others.length < 1000) walk.others.push(entry.name);
        continue;
      }
      const target = await realpath(path).catch(() => path);
      if (walk.files.has(target)) continue; // the same file through another link: read once
      walk.files.add(target);
      walk.entries.push({ path });
    } else if (shardName) {
      walk.entries.push({ path, unreadable: 'not a regular file (a named pipe, device or socket with a shard\'s name): not opened, since reading it could wait forever' });
    }
  }
}

/** A file-system error in words. */
export function describeFsError(error: unknown): string {
  const code = (error as { code?: string }).code;
  if (code === 'ENOENT') return 'no such file or folder';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'is a folder';
  if (code === 'ELOOP') return 'a symbolic link loop';
  if (code === 'EIO') return 'an input/output error (a failing disk or network share?)';
  return error instanceof Error ? error.message : String(error);
}
