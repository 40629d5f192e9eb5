/**
 * Partial results of a sharded run (docs/scale.md, "Shards"): `agentmix run --shard I/N` writes the
 * measured columns of its slice of records with what they were measured from (the recipe, each
 * source's size, modification time and the keys of what was indexed, the evaluation items, the
 * joined rewards), and `agentmix merge` checks that the partials are the N slices of this recipe
 * over these sources before it puts their columns together, in record order, as a single run holds them.
 */
import { createHash } from 'node:crypto';
import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { stableStringify } from '../../../shared/export/stable-json';
import type { FilterName } from '../../../shared/filters/index';
import { appInfo } from '../export/app-info';
import { PartialError, PartialFile, writePartialFile } from './partial-file';
import { featureSections, mergePartialColumns } from './partial-columns';
import type { PartialHeader, RunFingerprint, ShardSlice } from './partial-header';
import type { PreparedRun, SliceColumns } from './run-pipeline';

export type { PartialHeader, RunFingerprint, ShardSlice } from './partial-header';

export { PartialError } from './partial-file';

/** Parses `I/N` (0 <= I < N), or says what is expected. */
export function parseShard(value: string): ShardSlice | { error: string } {
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const index = Number(match?.[1]);
  const count = Number(match?.[2]);
  if (match === null || count < 1 || count > 100_000 || index >= count) return { error: `--shard: expected I/N with 0 <= I < N (e.g. 0/4), got "${value}"` };
  return { index, count };
}

/** Records `[from, to)` of shard `slice` of a run of `total` records: N slices as even as whole records allow. */
export function sliceBounds(total: number, slice: ShardSlice): { from: number; to: number } {
  return { from: Math.floor((slice.index * total) / slice.count), to: Math.floor(((slice.index + 1) * total) / slice.count) };
}

/** The file name of a shard's partial. */
export function partialName(slice: ShardSlice): string {
  const width = String(slice.count - 1).length;
  return `part-${String(slice.index).padStart(width, '0')}-of-${slice.count}.agentmix-partial`;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/** The fingerprint of a prepared run (see {@link RunFingerprint}). */
export async function fingerprintRun(run: PreparedRun): Promise<RunFingerprint> {
  const sources: RunFingerprint['sources'] = [];
  for (const source of run.sources) {
    const stats = await stat(source.info.path);
    const keys = createHash('sha256');
    for (let record = source.from; record < source.to; record++) keys.update(`${run.keys[record]}\n`);
    sources.push({ path: source.info.path, sha256: source.info.hash, size: stats.size, mtimeMs: stats.mtimeMs, records: source.to - source.from, keys: keys.digest('hex') });
  }
  const items = run.leakageIndex?.items ?? null;
  const rewards = run.externalRewards;
  return {
    recipe: sha256(stableStringify(run.loaded.recipe)),
    sources,
    evalItems: items === null ? null : { count: items.length, sha256: sha256(JSON.stringify(items)) },
    rewards: rewards === null ? null : sha256(new Uint8Array(rewards.buffer, rewards.byteOffset, rewards.byteLength)),
  };
}

/** Writes the partial of `measured` (shard `slice` of `run`) into `folder`; resolves to its path. */
export async function writePartial(folder: string, run: PreparedRun, slice: ShardSlice, measured: SliceColumns): Promise<string> {
  const { columns } = measured;
  const path = join(resolve(folder), partialName(slice));
  const { sections, features } = featureSections(measured);
  const header: PartialHeader = {
    kind: 'agentmix partial',
    app: appInfo(),
    recipeFile: run.loaded.file,
    fingerprint: await fingerprintRun(run),
    slice: { ...slice, from: measured.from, to: measured.to, total: run.total },
    measure: measured.measure,
    scores: [...columns.scores.keys()],
    places: [...columns.places.keys()],
    features,
    permutations: measured.signatures === null ? null : run.loaded.recipe.dedup.near.permutations,
    workerTimings: columns.workerTimings,
  };
  await writePartialFile(path, header as unknown as Record<string, unknown>, sections);
  return path;
}

/** The partial files named by `paths`: a file itself, a folder every `*.agentmix-partial` in it. */
export async function listPartials(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const path of paths) {
    const absolute = resolve(path);
    let isFolder: boolean;
    try {
      isFolder = (await stat(absolute)).isDirectory();
    } catch (error) {
      throw new PartialError(`${absolute}: ${(error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file or folder' : (error as Error).message}`);
    }
    if (!isFolder) {
      files.push(absolute);
      continue;
    }
    const names = (await readdir(absolute)).filter((name) => name.endsWith('.agentmix-partial')).sort();
    if (names.length === 0) throw new PartialError(`${absolute}: holds no partials (*.agentmix-partial); run agentmix run --shard I/N --partial ${path} first`);
    for (const name of names) files.push(join(absolute, name));
  }
  return files;
}

/**
 * How two fingerprints of a source differ, in words (empty: the same). A source is the same when its
 * bytes are (their SHA-256), whatever its path or time: shards may read copies on their own machines
 * (docs/scale.md, "Shards").
 */
function sourceDifference(made: RunFingerprint['sources'][number], now: RunFingerprint['sources'][number]): string[] {
  if (made.sha256 === now.sha256 && made.records === now.records && made.keys === now.keys) return [];
  const differences: string[] = [];
  if (made.sha256 !== now.sha256) differences.push(`its content differs (SHA-256 ${made.sha256.slice(0, 12)} then, ${now.sha256.slice(0, 12)} now)`);
  if (made.path !== now.path) differences.push(`path ${made.path} there, ${now.path} here`);
  if (made.size !== now.size) differences.push(`size ${made.size} bytes then, ${now.size} now`);
  if (made.mtimeMs !== now.mtimeMs) differences.push(`modified ${new Date(made.mtimeMs).toISOString()} then, ${new Date(now.mtimeMs).toISOString()} now`);
  if (made.records !== now.records) differences.push(`${made.records} records then, ${now.records} now`);
  else if (made.keys !== now.keys) differences.push('the records indexed differ');
  return differences;
}

/** What is wrong with one partial against this run (empty: nothing). */
function partialProblems(header: PartialHeader, here: RunFingerprint, total: number, needed: readonly FilterName[]): string[] {
  const problems: string[] = [];
  const made = header.fingerprint;
  const app = appInfo();
  if (header.app.version !== app.version) problems.push(`it was written by ${header.app.name} ${header.app.version}; this is ${app.version} (run the shards and the merge with the same agentmix)`);
  if (made.recipe !== here.recipe) problems.push(`it was made from another recipe (${header.recipeFile}, recipe fingerprint ${made.recipe.slice(0, 12)}; this recipe's is ${here.recipe.slice(0, 12)})`);
  if (made.sources.length !== here.sources.length) problems.push(`it was made from ${made.sources.length} source files; this run has ${here.sources.length}`);
  else {
    for (const [position, source] of made.sources.entries()) {
      const differences = sourceDifference(source, here.sources[position]);
      if (differences.length > 0) problems.push(`source ${here.sources[position].path} changed since the shard ran: ${differences.join('; ')}`);
    }
  }
  if (stableStringify(made.evalItems) !== stableStringify(here.evalItems)) problems.push('the evaluation sets changed since the shard ran (the items indexed for the leakage scan differ)');
  if (made.rewards !== here.rewards) problems.push('the rewards joined from the scores file changed since the shard ran');
  if (problems.length === 0 && header.slice.total !== total) problems.push(`it was cut from a run of ${header.slice.total} records; this run has ${total}`);
  const missing = needed.filter((filter) => !header.measure.includes(filter));
  if (missing.length > 0) problems.push(`it did not measure ${missing.join(', ')}`);
  return problems;
}

/**
 * Opens and checks the partials, then merges their columns into those of every record of `run`,
 * keeping the filters of `needed` (what a single run of the same command measures). Throws one
 * {@link PartialError} listing every partial that is missing, repeated, damaged or made from
 * something else, and what is wrong with it.
 */
export async function readPartials(paths: readonly string[], run: PreparedRun, needed: readonly FilterName[]): Promise<SliceColumns> {
  const files = await listPartials(paths);
  const problems: string[] = [];
  const opened: { file: PartialFile; header: PartialHeader }[] = [];
  try {
    for (const path of files) {
      try {
        const file = await PartialFile.open(path);
        const header = file.header as unknown as PartialHeader;
        if (header.kind !== 'agentmix partial') {
          await file.close();
          problems.push(`${path}: not an agentmix partial`);
        } else opened.push({ file, header });
      } catch (error) {
        if (!(error instanceof PartialError)) throw error;
        problems.push(error.message);
      }
    }
    const here = await fingerprintRun(run);
    for (const { file, header } of opened) for (const problem of partialProblems(header, here, run.total, needed)) problems.push(`${file.path}: ${problem}`);
    const counts = [...new Set(opened.map(({ header }) => header.slice.count))];
    if (counts.length > 1) problems.push(`the partials are slices of different shard counts (${counts.map((count) => `${count}: ${opened.filter(({ header }) => header.slice.count === count).map(({ file }) => file.path).join(', ')}`).join('; ')})`);
    else if (counts.length === 1) {
      const count = counts[0];
      const byIndex = new Map<number, string[]>();
      for (const { file, header } of opened) byIndex.set(header.slice.index, [...(byIndex.get(header.slice.index) ?? []), file.path]);
      const missing = Array.from({ length: count }, (_, index) => index).filter((index) => !byIndex.has(index));
      if (missing.length > 0) problems.push(`missing slice${missing.length === 1 ? '' : 's'} ${missing.map((index) => `${index}/${count}`).join(', ')} (${partialName({ index: missing[0], count })}${missing.length > 1 ? ', ...' : ''}): run agentmix run --shard I/${count} --partial DIR for ${missing.length === 1 ? 'it' : 'each'}`);
      for (const [index, holders] of byIndex) if (holders.length > 1) problems.push(`slice ${index}/${count} is given ${holders.length} times: ${holders.join(', ')}`);
      for (const { file, header } of opened) {
        const bounds = sliceBounds(run.total, header.slice);
        if (header.slice.total === run.total && (header.slice.from !== bounds.from || header.slice.to !== bounds.to)) problems.push(`${file.path}: holds records ${header.slice.from}..${header.slice.to}, slice ${header.slice.index}/${count} is ${bounds.from}..${bounds.to}`);
      }
    } else if (problems.length === 0) problems.push('no partials given');
    if (problems.length > 0) throw new PartialError(`the partials cannot be merged:\n  ${problems.join('\n  ')}`);
    opened.sort((a, b) => a.header.slice.index - b.header.slice.index);
    return await mergePartialColumns(opened, run, needed);
  } finally {
    await Promise.all(opened.map(({ file }) => file.close()));
  }
}
