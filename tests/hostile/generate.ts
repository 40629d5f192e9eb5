/**
 * The hostile-input corpus (docs/ingest.md, "Hostile input"): about 150 files and folders that
 * real downloads, crashes, tools and attackers produce, each with its truth (how many good records
 * it holds, which problems it must report and where), plus a good shard written beside it. Seeded:
 * the same seed writes the same bytes. Nothing is committed but this generator; tests write the
 * corpus into a temporary folder.
 *
 *   node bin/run-ts.mjs tests/hostile/generate.ts <folder> [seed]   writes it and prints the truth
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Corpus, type FileTruth } from './corpus';
import { fileCases } from './cases-files';
import { jsonCases } from './cases-json';
import { lineCases } from './cases-lines';
import { parquetCases } from './cases-parquet';

/** A generated corpus. */
export interface HostileCorpus {
  /** The folder holding the hostile entries. */
  root: string;
  truths: FileTruth[];
  /** The good shard beside the corpus (never inside it) and its record count. */
  good: { path: string; records: number };
}

/** Records in the good shard. */
export const GOOD_SHARD_RECORDS = 500;

/** Whether this process runs as root (chmod 000 cannot deny root anything). */
export function runningAsRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/** Writes the corpus under `folder` (`folder/corpus` and `folder/good.jsonl`). */
export function generateHostileCorpus(folder: string, seed = 20240610): HostileCorpus {
  const root = join(folder, 'corpus');
  mkdirSync(root, { recursive: true });
  const corpus = new Corpus(root, seed);
  lineCases(corpus);
  jsonCases(corpus);
  parquetCases(corpus);
  fileCases(corpus, { root: runningAsRoot() });
  let good = '';
  for (let line = 0; line < GOOD_SHARD_RECORDS; line++) good += `${corpus.record(4)}\n`;
  const goodPath = join(folder, 'good.jsonl');
  writeFileSync(goodPath, good);
  return { root, truths: corpus.truths, good: { path: goodPath, records: GOOD_SHARD_RECORDS } };
}

if (process.argv[1] !== undefined && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [folder, seed] = process.argv.slice(2);
  if (folder === undefined) {
    process.stderr.write('usage: node bin/run-ts.mjs tests/hostile/generate.ts <folder> [seed]\n');
    process.exit(2);
  }
  const written = generateHostileCorpus(resolve(folder), seed === undefined ? undefined : Number(seed));
  process.stdout.write(`${JSON.stringify(written, null, 2)}\n`);
}
