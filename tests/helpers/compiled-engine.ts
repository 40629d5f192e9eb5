import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from './data';

/**
 * Vitest global setup: the tests of the compiled engine (out/engine, docs/ARCHITECTURE.md,
 * "Builds") test what the sources say now. When out/engine/host.mjs is missing or older than any
 * file under electron/ or shared/ (or the build's config), the engine is rebuilt first (about
 * 3 s); `npm ci` and `npm run build` leave it current, so CI does not rebuild here.
 */
const BUILT = join(REPO_ROOT, 'out/engine/host.mjs');

/** The newest modification time of a file under `dir`. */
function newest(dir: string): number {
  let latest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    latest = Math.max(latest, entry.isDirectory() ? newest(path) : statSync(path).mtimeMs);
  }
  return latest;
}

export default function setup(): void {
  const sources = Math.max(newest(join(REPO_ROOT, 'electron')), newest(join(REPO_ROOT, 'shared')), statSync(join(REPO_ROOT, 'vite.engine.config.ts')).mtimeMs, statSync(join(REPO_ROOT, 'package.json')).mtimeMs);
  if (existsSync(BUILT) && statSync(BUILT).mtimeMs >= sources) return;
  process.stderr.write('out/engine is older than the sources: rebuilding the compiled engine (vite build --config vite.engine.config.ts)\n');
  execFileSync(process.execPath, [join(REPO_ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', 'vite.engine.config.ts'], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'inherit'] });
}
