#!/usr/bin/env node
// `npm start`: opens the desktop app where Electron's binary is installed or can be downloaded
// (Electron installs without it and fetches it on first start). Where it cannot be had (no
// internet), it says so in one line and serves the same UI on the demo to a browser instead
// (`agentmix serve`, with --open where a browser can be opened). Arguments are passed on: shards
// to open, and for serve its options (`npm start -- --port 0`). `npm ci` has built out/ already.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { delimiter, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);

/** Runs a command to completion with the terminal, and exits with its code when it fails. */
function runOrExit(command, commandArgs) {
  const result = spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

/** Hands the terminal to a long-running child and exits with its code. */
function handOver(command, commandArgs) {
  const child = spawn(command, commandArgs, { cwd: root, stdio: 'inherit' });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

/**
 * The Electron binary, downloading it first when it is missing; or why there is none. An
 * ELECTRON_OVERRIDE_DIST_PATH (a distribution you manage) is used as it is, never downloaded into.
 */
function electronBinary() {
  const electronDir = join(root, 'node_modules/electron');
  const pathFile = join(electronDir, 'path.txt');
  const override = process.env.ELECTRON_OVERRIDE_DIST_PATH;
  const name = () => (existsSync(pathFile) ? readFileSync(pathFile, 'utf8').trim() : process.platform === 'win32' ? 'electron.exe' : 'electron');
  if (override) {
    const binary = join(override, name());
    return existsSync(binary) ? { binary } : { reason: `ELECTRON_OVERRIDE_DIST_PATH has no Electron binary (${binary})` };
  }
  const installed = () => existsSync(pathFile) && existsSync(join(electronDir, 'dist', name()));
  if (installed()) return { binary: join(electronDir, 'dist', name()) };
  // On a terminal, say what the wait is; the line is overwritten if the download fails.
  if (process.stdout.isTTY) process.stdout.write('Downloading the Electron binary (first start)…');
  const download = spawnSync(process.execPath, [join(electronDir, 'install.js')], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (process.stdout.isTTY) process.stdout.write('\r\x1b[K');
  if (download.status === 0 && installed()) return { binary: join(electronDir, 'dist', name()) };
  const why = (download.stderr ?? '').split('\n').find((line) => /error|failed/i.test(line))?.trim() ?? `exit code ${download.status}`;
  return { reason: `Electron's binary is not installed and could not be downloaded (${why})` };
}

/** Whether `--open` can open a browser here. */
function canOpenBrowser() {
  if (process.platform === 'darwin' || process.platform === 'win32') return true;
  if (!process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) return false;
  return (process.env.PATH ?? '').split(delimiter).some((dir) => existsSync(join(dir, 'xdg-open')));
}

const built = ['out/main/index.js', 'out/preload/index.cjs', 'out/renderer/index.html', 'out/engine/host.mjs', 'out/engine/cli.mjs'];
if (!built.every((file) => existsSync(join(root, file)))) {
  process.stdout.write('Building the app first (npm run build)…\n');
  runOrExit(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build']);
}

const electron = electronBinary();
if (electron.binary) handOver(electron.binary, [root, ...args]);
else {
  process.stdout.write(`${electron.reason}: serving the app on the demo to a browser instead (agentmix serve; Ctrl+C stops it).\n`);
  const { main } = await import(new URL('../out/engine/cli.mjs', import.meta.url).href);
  process.exitCode = await main(['serve', ...(canOpenBrowser() && !args.includes('--open') ? ['--open'] : []), ...args]);
}
