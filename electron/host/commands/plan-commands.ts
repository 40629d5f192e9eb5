/**
 * The commands a plan runs (docs/scale.md, "Shards"): N shard commands and the merge, as argv
 * lists with absolute paths (a cluster task starts in a folder of its own), and their shell form.
 */
import { basename, dirname, join, resolve } from 'node:path';
import { appRoot } from '../app-root';

/** What the plan runs: the agentmix command itself, the recipe, the shards and the merge's options. */
export interface PlanSpec {
  /** The argv that starts agentmix on a node (default: this Node and this install's bin/agentmix.mjs). */
  agentmix: string[];
  recipe: string;
  shards: number;
  partial: string;
  /** Worker threads per task (the CPUs each task asks for). */
  workers: number;
  /** The merge's `run` options (`--verdicts`, `--out`, `--format`, `--base`), paths absolute. */
  mergeOptions: string[];
}

/** The default folder of the partials: `<recipe name>.partials` beside the recipe. */
export function defaultPartialFolder(recipe: string): string {
  return join(dirname(recipe), `${basename(recipe).replace(/\.json$/i, '')}.partials`);
}

/** This install's agentmix: the running Node and bin/agentmix.mjs. */
export function defaultAgentmix(): string[] {
  return [process.execPath, join(appRoot(), 'bin', 'agentmix.mjs')];
}

/** Stands for the shard index in a command whose index a scheduler gives. */
export const INDEX_PLACEHOLDER = '@SHARD_INDEX@';

/** The argv of shard `index` (or of {@link INDEX_PLACEHOLDER}). */
export function shardArgv(spec: PlanSpec, index: number | typeof INDEX_PLACEHOLDER): string[] {
  return [...spec.agentmix, 'run', spec.recipe, '--shard', `${index}/${spec.shards}`, '--partial', spec.partial, '--workers', String(spec.workers)];
}

/** The argv of the merge. */
export function mergeArgv(spec: PlanSpec): string[] {
  return [...spec.agentmix, 'merge', spec.recipe, spec.partial, ...spec.mergeOptions, '--workers', String(spec.workers)];
}

/** A word for a POSIX shell: as it is when it holds nothing the shell reads, else in single quotes. */
export function shellWord(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, `'\\''`)}'`;
}

/** A command line for a POSIX shell. */
export function shellLine(argv: readonly string[]): string {
  return argv.map(shellWord).join(' ');
}

/** An absolute path from the working folder. */
export function absolute(path: string): string {
  return resolve(path);
}
