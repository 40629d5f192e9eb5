/**
 * The hostile-input corpus (tests/hostile/generate.ts) read by the engine entry by entry and by
 * `agentmix inspect` and `agentmix run` all at once, with a good shard beside it: nothing crashes
 * or hangs (a hang fails on the runner's timeout), every problem is located (file, and line + byte
 * offset or row group), no good record is lost, the good shard is read in full.
 */
import { spawn } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../electron/engine/engine';
import { SourceOpenError } from '../../../electron/engine/sources/expand-paths';
import type { SourceInfo } from '../../../electron/engine/types';
import { REPO_ROOT } from '../../helpers/data';
import { generateHostileCorpus, runningAsRoot, type HostileCorpus } from '../../hostile/generate';
import { scoreDetails, scoreEntry, scoreLine, totalScore, type Report } from '../../hostile/score';

let folder: string;
let corpus: HostileCorpus;

beforeAll(() => {
  folder = mkdtempSync(join(tmpdir(), 'agentmix-hostile-'));
  corpus = generateHostileCorpus(folder);
});

afterAll(() => {
  // Give the locked entries their permissions back so that they can be removed.
  for (const truth of corpus.truths) if (truth.path.startsWith('locked/')) chmodSync(join(corpus.root, truth.path), 0o755);
  rmSync(folder, { recursive: true, force: true });
});

/** Runs the CLI and resolves with its exit code and output (no timeout of its own: the runner's bounds it). */
function agentmix(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/agentmix.mjs'), ...args], { cwd: folder });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('close', (code) => done({ code, stdout, stderr }));
  });
}

function reportOf(sources: SourceInfo[]): Report {
  return { sources: sources.map((info) => ({ path: info.path, records: info.records, errors: info.errors, notConversations: info.notConversations })), problems: [], crashed: false, hung: false };
}

describe('the hostile-input corpus', () => {
  it('has at least 100 entries covering the cases, and says which it skips', () => {
    expect(corpus.truths.length).toBeGreaterThanOrEqual(100);
    const skipped = corpus.truths.filter((truth) => truth.skipped !== undefined);
    if (runningAsRoot()) {
      // Root reads a chmod 000 file: those two cases, and only those, cannot be built here.
      expect(skipped.map((truth) => truth.path)).toEqual(['locked/unreadable.jsonl', 'locked/folder']);
      console.info(`hostile corpus: skipped ${skipped.map((truth) => `${truth.path} (${truth.skipped})`).join(', ')}`);
    } else expect(skipped).toEqual([]);
  });

  it('is read entry by entry by the engine: no crash, every problem located, no good record lost', { timeout: 300_000 }, async () => {
    const engine = new Engine({ workers: 2 });
    try {
      const entries = [];
      for (const truth of corpus.truths) {
        if (truth.skipped !== undefined) continue;
        let report: Report;
        try {
          report = reportOf(await engine.openSources([join(corpus.root, truth.within ?? truth.path)]));
        } catch (error) {
          // Only a path that does not exist or is no file or folder may reject (a named pipe).
          report = error instanceof SourceOpenError ? { sources: [], problems: [{ file: error.path, line: 0, offset: 0, message: error.message }], crashed: false, hung: false } : { sources: [], problems: [], crashed: true, hung: false, failure: String(error) };
        }
        entries.push(scoreEntry(corpus.root, truth, report));
      }
      const score = totalScore(entries, corpus.truths.length - entries.length);
      console.info(`hostile corpus, engine entry by entry: ${scoreLine(score)}`);
      expect(scoreDetails(score)).toEqual([]);
      expect(score).toMatchObject({ crashed: 0, hung: 0, recordsLost: 0, extraRecords: 0, located: score.problems });
    } finally {
      await engine.dispose();
    }
  });

  it('is read all at once by agentmix inspect beside a good shard: exit code 0, the good shard in full, every problem located', { timeout: 300_000 }, async () => {
    const named = corpus.truths.filter((truth) => truth.explicit === true).map((truth) => join(corpus.root, truth.path));
    const { code, stdout, stderr } = await agentmix(['inspect', '--json', corpus.root, corpus.good.path, ...named]);
    expect(stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(code, stderr).toBe(0);
    const { sources } = JSON.parse(stdout) as { sources: (Report['sources'][number] & { errors: { line: number; offset: number; rowGroup?: number; message: string }[] })[] };
    expect(sources.find((source) => source.path === corpus.good.path)).toMatchObject({ records: corpus.good.records, errorCount: 0 });
    const report: Report = { sources: sources.map((source) => ({ ...source, errors: source.errors.map((problem) => ({ ...problem, file: source.path })) })), problems: [], crashed: false, hung: false };
    const entries = corpus.truths.filter((truth) => truth.skipped === undefined).map((truth) => scoreEntry(corpus.root, truth, report));
    const score = totalScore(entries, corpus.truths.length - entries.length);
    console.info(`hostile corpus, one inspect: ${scoreLine(score)}`);
    expect(scoreDetails(score)).toEqual([]);
  });

  it('is run by agentmix run beside a good shard: exit code 0 with the problems counted per source; 1 when a broken source is required', { timeout: 300_000 }, async () => {
    const recipe = (required: boolean) => ({
      // The good shard, the damaged shards and a few files of each kind (the whole corpus is inspected above).
      sources: [
        { path: corpus.good.path },
        ...['parquet', 'gzip', 'encoding', 'links', 'jsonl/deep-10000.jsonl', 'jsonl/first-line-cut-4.jsonl'].map((path) => ({ path: join(corpus.root, path) })),
        { path: join(corpus.root, 'no-shard'), required },
      ],
      dedup: { enabled: false },
      export: { format: 'sharegpt', out: join(folder, required ? 'required' : 'out', 'mix.json') },
    });
    writeFileSync(join(folder, 'recipe.json'), JSON.stringify(recipe(false)));
    const run = await agentmix(['run', join(folder, 'recipe.json')]);
    expect(run.stderr).not.toMatch(/\n\s+at .+:\d+:\d+/);
    expect(run.code, run.stderr).toBe(0);
    expect(run.stdout).toContain(`${corpus.good.path} (general)`);
    expect(run.stdout).toMatch(/problems per source/);
    expect(run.stdout).toMatch(new RegExp(`${join(corpus.root, 'jsonl/deep-10000.jsonl').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: 1 problem, 20 records read`));
    expect(run.stdout).toMatch(/no-shard: the folder holds no shard/);
    writeFileSync(join(folder, 'required.json'), JSON.stringify(recipe(true)));
    const strict = await agentmix(['run', join(folder, 'required.json')]);
    expect(strict.code).toBe(1);
    expect(strict.stderr).toMatch(/a required source could not be read in full:\n {2}.*no-shard \(sources\[\d+\], required\): .*the folder holds no shard/);
  });
});
