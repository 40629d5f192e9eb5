/**
 * One huge record through `agentmix run` (docs/scale.md, "Bounded memory"): a single ShareGPT line
 * of about 100 MB (a user turn and a long assistant turn of generated words), every stage on but
 * leakage, and its peak RSS against the file's size. The line is written by a seeded generator from
 * a vocabulary of our own, so nothing of the real data is in it.
 */
import { createWriteStream, existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { benchDataDir } from './bench-module';

const WORDS = 'record turn shard mixer curated window agent trainer review keeper signal export measure index column scratch filter ratio bench sample'.split(' ');

/** xorshift32: the generator's words, the same bytes on every machine. */
function words(seed: number): () => string {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return WORDS[state % WORDS.length];
  };
}

/** Writes (once) a JSONL file holding one ShareGPT record of about `megabytes` MB and returns its path. */
export async function hugeRecordFile(megabytes: number): Promise<string> {
  const path = join(benchDataDir(), `scale-huge-${megabytes}mb.jsonl`);
  if (existsSync(path)) return path;
  const next = words(megabytes);
  const out = createWriteStream(`${path}.partial`);
  const write = (text: string): Promise<void> => new Promise((done) => (out.write(text) ? done() : out.once('drain', done)));
  await write('{"id":"huge-0","conversations":[{"from":"human","value":"Write a very long answer."},{"from":"gpt","value":"');
  let written = 0;
  while (written < megabytes * 1_000_000) {
    const line: string[] = [];
    for (let word = 0; word < 12_000; word++) line.push(next());
    const chunk = `${line.join(' ')}.\\n`;
    await write(chunk);
    written += chunk.length;
  }
  await write('"}]}\n');
  await new Promise<void>((done, fail) => out.end((error?: Error | null) => (error ? fail(error) : done())));
  renameSync(`${path}.partial`, path);
  return path;
}

/**
 * The recipes over the huge record alone, with an export at η = 0: `every stage` (the default
 * filters and dedup, no evaluation sets so no leakage scan; the length and repetition filters drop
 * the record, so nothing is written) and `read and export` (filters and dedup off: read, count
 * tokens, write the record), which parts what measuring costs from what holding the record costs.
 */
export function hugeRecordRecipes(path: string): { label: string; recipe: string }[] {
  return [
    { label: 'every stage', recipe: writeRecipe('all', path, {}) },
    { label: 'read and export', recipe: writeRecipe('export', path, READ_AND_EXPORT) },
  ];
}

/** Every filter and dedup off: read, count tokens, write. */
const READ_AND_EXPORT = { filters: Object.fromEntries(['reward', 'structure', 'format', 'repetition', 'refusal', 'unsafe', 'length'].map((filter) => [filter, { enabled: false }])), dedup: { enabled: false } };

/** Writes the recipe `scale-huge-<name>` over the one source `path`, exporting at η = 0. */
function writeRecipe(name: string, path: string, extra: Record<string, unknown>): string {
  const recipe = join(benchDataDir(), `scale-huge-${name}.recipe.json`);
  const out = join(benchDataDir(), `scale-huge-${name}-out`, 'mix.jsonl');
  writeFileSync(recipe, JSON.stringify({ sources: [{ path, role: 'general', format: 'sharegpt' }], mix: { agentShare: 0 }, export: { format: 'sharegpt-jsonl', out }, ...extra }, null, 2));
  return recipe;
}

/**
 * The baseline: the `read and export` recipe over one small record of the same shape, the process
 * with its workers and nothing large in it. A huge record costs its peak over this one's.
 */
export function hugeBaselineRecipe(): string {
  const path = join(benchDataDir(), 'scale-huge-baseline.jsonl');
  writeFileSync(path, `${JSON.stringify({ id: 'small-0', conversations: [{ from: 'human', value: 'Write a short answer.' }, { from: 'gpt', value: 'record turn shard mixer' }] })}\n`);
  return writeRecipe('baseline', path, READ_AND_EXPORT);
}

/** The file's size in bytes. */
export function sizeOf(path: string): number {
  return statSync(path).size;
}
