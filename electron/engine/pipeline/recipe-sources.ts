/**
 * The sources of a run (docs/recipe.md, "Sources"): every enabled recipe source opened (or found
 * already open) in recipe order, a folder expanded into its files, and the required sources checked.
 */
import { resolve } from 'node:path';
import type { RecordIndex } from '../record-index';
import { expandPath } from '../sources/expand-paths';
import type { OpenEvents, SourceInfo, SourceOptions } from '../types';
import { recipePath, type LoadedRecipe } from './load-recipe';

/** What opening the sources needs of the engine. */
export interface SourceHost {
  readonly index: RecordIndex;
  openSources(paths: string[], options: SourceOptions, events: OpenEvents): Promise<SourceInfo[]>;
  listSources(): SourceInfo[];
}

/** The engine sources of the enabled recipe sources, and the entries of their folders that cannot be read. */
export interface OpenedSources {
  opened: { recipeSource: number; recipePath: string; info: SourceInfo }[];
  unreadable: { recipeSource: number; path: string; reason: string }[];
}

/** Opens (or finds already open) the engine sources of every enabled recipe source. */
export async function openRecipeSources(host: SourceHost, loaded: LoadedRecipe, events: Pick<OpenEvents, 'onProgress' | 'signal'>): Promise<OpenedSources> {
  const result: OpenedSources = { opened: [], unreadable: [] };
  for (const [position, source] of loaded.recipe.sources.entries()) {
    if (!source.enabled) continue;
    for (const entry of await expandPath(recipePath(loaded, source.path))) {
      events.signal?.throwIfAborted();
      const absolute = resolve(entry.path);
      // A dataset_info.json names each file's mapping (docs/formats.md, "Mappings").
      const options: SourceOptions = { format: source.format, role: source.role, task: source.task ?? null, mapping: source.mapping ?? null, ...entry.options };
      const mapping = JSON.stringify(options.mapping ?? null);
      const open = host.listSources().find((info) => resolve(info.path) === absolute && (source.role === undefined || info.role === source.role) && JSON.stringify(info.mapping ?? null) === mapping);
      if (open === undefined && entry.unreadable !== undefined) {
        result.unreadable.push({ recipeSource: position, path: entry.path, reason: entry.unreadable });
        continue;
      }
      const infos = open === undefined ? await host.openSources([absolute], options, { onProgress: events.onProgress, signal: events.signal }) : [open];
      for (const info of infos) result.opened.push({ recipeSource: position, recipePath: source.path, info });
    }
  }
  return result;
}

/** A source the recipe marks `required` could not be read in full: the run stops (docs/recipe.md, "Sources"). */
export class RequiredSourceError extends Error {
  constructor(readonly failures: string[]) {
    super(`${failures.length === 1 ? 'a required source' : `${failures.length} required sources`} could not be read in full:\n  ${failures.join('\n  ')}`);
    this.name = 'RequiredSourceError';
  }
}

/** Why each required recipe source fails: an entry that cannot be read, a file read only in part or holding no conversations, or no records at all. */
export function requiredFailures(loaded: LoadedRecipe, sources: OpenedSources): string[] {
  const failures: string[] = [];
  for (const [position, source] of loaded.recipe.sources.entries()) {
    if (!source.enabled || !source.required) continue;
    const reasons: string[] = [];
    for (const entry of sources.unreadable) if (entry.recipeSource === position) reasons.push(`${entry.path}: ${entry.reason}`);
    let records = 0;
    for (const { recipeSource, info } of sources.opened) {
      if (recipeSource !== position) continue;
      records += info.records;
      const reason = info.readFailure ?? (info.format === null ? info.notConversations ?? 'it holds no conversations' : undefined);
      if (reason !== undefined) reasons.push(`${info.path}: ${reason}`);
    }
    if (reasons.length === 0 && records === 0) reasons.push('it holds no records');
    if (reasons.length > 0) failures.push(`${source.path} (sources[${position}], required): ${reasons.slice(0, 3).join('; ')}${reasons.length > 3 ? `; and ${reasons.length - 3} more` : ''}`);
  }
  return failures;
}

/** The first row of each open source in the index (a source's rows are contiguous). */
export function firstRows(index: RecordIndex): Map<number, number> {
  const first = new Map<number, number>();
  for (let row = 0; row < index.count; row++) {
    const sourceId = index.sourceOf(row);
    if (!first.has(sourceId)) first.set(sourceId, row);
  }
  return first;
}

