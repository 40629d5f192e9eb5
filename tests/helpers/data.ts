import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join, relative, resolve } from 'node:path';

/**
 * Where the tests find real public data, and whether it is there (docs/CONTRIBUTING.md, "Running
 * the tests"). The real-data tests read `../shared/data` beside the repository directly; a clone
 * without it skips them (framework wrappers: `tests/helpers/with-data.ts` for vitest,
 * `test.skip(!HAVE_SHARED_DATA, ...)` in Playwright specs) and the global setups print one line.
 * No file of that folder is ever copied into the repository.
 */

/** The repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/**
 * `../shared/data` beside the repository: real public data for tests (see its SOURCES.md).
 * `AGENTMIX_TEST_DATA` points elsewhere (a missing folder runs the suite as a fresh clone would).
 */
export const DATA_DIR = resolve(REPO_ROOT, process.env['AGENTMIX_TEST_DATA'] ?? '../shared/data');

/** Whether the real data is there; the real-data tests skip when it is not. */
export const HAVE_SHARED_DATA = existsSync(DATA_DIR);

/** Why a real-data test is skipped, naming the folder. */
export const NO_SHARED_DATA = `${relative(REPO_ROOT, DATA_DIR)} is absent`;

/** Path of a file under {@link DATA_DIR}. */
export function dataFile(...parts: string[]): string {
  return join(DATA_DIR, ...parts);
}

/**
 * The value `read` gives when the data is there; when it is absent, a stand-in that throws on any
 * use, naming the folder. For data a test file reads at load time: the file still loads (and its
 * other tests run), and a test that uses the value without being marked as a real-data test fails
 * loudly instead of passing on nothing.
 */
export function realData<T extends object>(read: () => T): T {
  if (HAVE_SHARED_DATA) return read();
  const fail = (): never => {
    throw new Error(`${NO_SHARED_DATA}: this test reads it, so it must be a real-data test (tests/helpers/with-data.ts)`);
  };
  return new Proxy({} as T, { get: fail, has: fail, ownKeys: fail, apply: fail, getPrototypeOf: fail });
}

/** Marks a test file as holding real-data tests (what the global setups count). */
const USES_DATA = /\b(?:describeWithData|itWithData|HAVE_SHARED_DATA)\b/;

/** Test files under `folder` (relative to the repository) whose name matches `pattern` and that hold real-data tests. */
export function realDataTestFiles(folder: string, pattern: RegExp): string[] {
  const found: string[] = [];
  const walk = (path: string): void => {
    for (const entry of readdirSync(path, { withFileTypes: true })) {
      const child = join(path, entry.name);
      if (entry.isDirectory()) walk(child);
      else if (pattern.test(entry.name) && USES_DATA.test(readFileSync(child, 'utf8'))) found.push(relative(REPO_ROOT, child));
    }
  };
  walk(join(REPO_ROOT, folder));
  return found.sort();
}

/** The one line a run prints when the data is absent, or null when it is there (or nothing here reads it). */
export function missingDataLine(folder: string, pattern: RegExp): string | null {
  if (HAVE_SHARED_DATA) return null;
  const files = realDataTestFiles(folder, pattern).length;
  if (files === 0) return null;
  return `${NO_SHARED_DATA}: the real-data tests in ${files} test file${files === 1 ? '' : 's'} are skipped (docs/CONTRIBUTING.md)`;
}
