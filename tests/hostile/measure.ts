/**
 * Measures a build of `agentmix` on the hostile corpus, one entry at a time (each with the good
 * shard beside it) in its own `agentmix inspect --json` process, so that a crash or a hang is
 * charged to the entry that caused it. Prints the counts (files, crashed, hung, located, records
 * lost) and each entry that is not perfect.
 *
 *   node bin/run-ts.mjs tests/hostile/measure.ts [--bin path/to/bin/agentmix.mjs] [--timeout S] [--only SUBSTRING]
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { generateHostileCorpus } from './generate';
import { scoreDetails, scoreEntry, scoreLine, totalScore, type Report, type ReportedSource } from './score';

interface Options {
  bin: string;
  timeout: number;
  only: string | null;
}

function parseOptions(argv: string[]): Options {
  const options: Options = { bin: resolve('bin/agentmix.mjs'), timeout: 60, only: null };
  for (let index = 0; index < argv.length; index++) {
    if (argv[index] === '--bin') options.bin = resolve(argv[++index]);
    else if (argv[index] === '--timeout') options.timeout = Number(argv[++index]);
    else if (argv[index] === '--only') options.only = argv[++index];
  }
  return options;
}

/** Runs inspect on the paths; a crash is an exit code other than 0 and 2, a signal, or a stack trace. */
function inspect(bin: string, paths: string[], timeout: number): Promise<Report & { stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [bin, 'inspect', '--json', ...paths], { stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    let hung = false;
    const timer = setTimeout(() => {
      hung = true;
      child.kill('SIGKILL');
    }, timeout * 1000);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      let sources: ReportedSource[] = [];
      let problems: Report['problems'] = [];
      let parsed = true;
      try {
        const json = JSON.parse(stdout) as { sources: ReportedSource[]; problems?: Report['problems'] };
        sources = json.sources;
        problems = json.problems ?? [];
      } catch {
        parsed = false;
      }
      // A path the old reader could not open is reported on stderr: count it as a problem naming the path.
      for (const match of stderr.matchAll(/cannot open (.+?): /g)) problems.push({ file: match[1], line: 0, offset: 0, message: 'cannot open' });
      const stack = /\n\s+at .+:\d+:\d+/.test(stderr);
      const crashed = !hung && (signal !== null || (code !== 0 && code !== 2) || stack || !parsed);
      const failure = hung ? 'timeout' : crashed ? `exit ${code ?? signal}; ${stderr.split('\n').find((line) => line.trim() !== '') ?? ''}`.slice(0, 200) : undefined;
      done({ sources, problems, crashed, hung, failure, stderr });
    });
  });
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const folder = mkdtempSync(join(tmpdir(), 'agentmix-hostile-'));
  try {
    const corpus = generateHostileCorpus(folder);
    const truths = corpus.truths.filter((truth) => truth.skipped === undefined && (options.only === null || truth.path.includes(options.only)));
    const entries = [];
    let goodShardFailures = 0;
    for (const truth of truths) {
      const report = await inspect(options.bin, [join(corpus.root, truth.within ?? truth.path), corpus.good.path], options.timeout);
      const good = report.sources.find((source) => source.path === corpus.good.path);
      if (!report.crashed && !report.hung && good?.records !== corpus.good.records) goodShardFailures++;
      entries.push(scoreEntry(corpus.root, truth, report));
      process.stderr.write('.');
    }
    process.stderr.write('\n');
    const score = totalScore(entries, corpus.truths.length - truths.length);
    process.stdout.write(`${scoreLine(score)}; the good shard not fully read beside ${goodShardFailures} entries\n`);
    for (const skipped of corpus.truths.filter((truth) => truth.skipped !== undefined)) process.stdout.write(`skipped ${skipped.path}: ${skipped.skipped}\n`);
    for (const line of scoreDetails(score)) process.stdout.write(`  ${line}\n`);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
}

await main();
