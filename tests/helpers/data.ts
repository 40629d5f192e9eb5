import { fileURLToPath } from 'node:url';
import { join, resolve } from 'node:path';

/** The repository root. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('../..', import.meta.url)));

/** `../shared/data` beside the repository: real public data for tests (see its SOURCES.md). */
export const DATA_DIR = resolve(REPO_ROOT, '../shared/data');

/** Path of a file under {@link DATA_DIR}. */
export function dataFile(...parts: string[]): string {
  return join(DATA_DIR, ...parts);
}
