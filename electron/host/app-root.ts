import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * The folder holding the app's package.json (the repository, or an installed copy): the nearest
 * one above this module. Found by walking up rather than by a fixed `../..`, because this module
 * runs from electron/host/ (source) and from out/engine/chunks/ (compiled).
 */
export function appRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}
