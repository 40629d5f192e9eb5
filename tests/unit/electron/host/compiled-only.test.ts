import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { isBuiltin } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/data';

/**
 * `agentmix` runs compiled JavaScript only (docs/ARCHITECTURE.md, "Builds"): what `npm ci` built
 * into out/engine, with the npm packages it imports, and no TypeScript loader. Each command runs
 * under a preload that logs every module the process and its worker threads load
 * (tests/helpers/module-log.mjs).
 */
function modulesOf(args: string[]): string[] {
  const log = join(mkdtempSync(join(tmpdir(), 'agentmix-modules-')), 'modules.log');
  const run = spawnSync(process.execPath, ['--import', join(REPO_ROOT, 'tests/helpers/module-log.mjs'), join(REPO_ROOT, 'bin/agentmix.mjs'), ...args], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: { ...process.env, AGENTMIX_MODULE_LOG: log },
  });
  expect(run.status, run.stderr).toBe(0);
  const entries = [...new Set(readFileSync(log, 'utf8').split('\n').filter(Boolean))];
  return entries.filter((entry) => !isBuiltin(entry)).map((entry) => (entry.startsWith('file:') ? fileURLToPath(entry) : entry));
}

/** What of `modules` a compiled program must not load: TypeScript, tsx and esbuild, files outside bin/, out/ and node_modules. */
function notCompiled(modules: string[]): string[] {
  return modules.filter((path) => {
    const inRepo = relative(REPO_ROOT, path);
    if (/\.[cm]?tsx?$/.test(path) || /[/\\]node_modules[/\\](tsx|esbuild|@esbuild|get-tsconfig)[/\\]/.test(path)) return true;
    return !['bin', 'out', 'node_modules'].some((top) => inRepo.startsWith(`${top}${sep}`));
  });
}

describe('agentmix runs compiled code only', () => {
  it('--version: the compiled command line and nothing it does not need', () => {
    const modules = modulesOf(['--version']);
    expect(modules.map((path) => relative(REPO_ROOT, path))).toContain(join('out', 'engine', 'cli.mjs'));
    expect(notCompiled(modules)).toEqual([]);
    // Printing the version loads no engine package.
    expect(modules.filter((path) => path.includes(`${sep}node_modules${sep}`))).toEqual([]);
  });

  it('inspect and run: the compiled worker in the worker threads, no TypeScript anywhere', () => {
    const recipe = join(REPO_ROOT, 'resources/samples/mix-export.recipe.json');
    const inspect = modulesOf(['inspect', join(REPO_ROOT, 'resources/samples')]);
    const run = modulesOf(['run', recipe, '--out', join(mkdtempSync(join(tmpdir(), 'agentmix-run-')), 'mix.json'), '--workers', '1']);
    for (const modules of [inspect, run]) {
      expect(modules.some((path) => path.endsWith(join('out', 'engine', 'worker.mjs')))).toBe(true);
      expect(notCompiled(modules)).toEqual([]);
    }
  });

  it('the check itself flags TypeScript sources, tsx and files outside the build', () => {
    const flagged = [join(REPO_ROOT, 'electron/host/cli.ts'), join(REPO_ROOT, 'node_modules/tsx/dist/esm/index.mjs'), join(REPO_ROOT, 'electron/workers/bootstrap.mjs')];
    expect(notCompiled([join(REPO_ROOT, 'out/engine/cli.mjs'), join(REPO_ROOT, 'node_modules/zod/index.js'), ...flagged])).toEqual(flagged);
  });
});
