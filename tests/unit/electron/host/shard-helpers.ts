import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';
import { expect } from 'vitest';
import { REPO_ROOT } from '../../../helpers/data';

/** What a child `agentmix` process did. */
export interface Outcome {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the compiled `agentmix` with `args` in a child process (several can run at once, as shards do). */
export function agentmix(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Runs `agentmix` and expects exit code 0, returning its stdout. */
export async function agentmixOk(args: readonly string[], env: Record<string, string> = {}): Promise<string> {
  const outcome = await agentmix(args, env);
  expect(outcome.stderr.replace(/\r[^\n]*$/gm, '').trim(), `agentmix ${args.join(' ')}`).toBe('');
  expect(outcome.status, outcome.stderr).toBe(0);
  return outcome.stdout;
}

/** The files of an export folder by name: the bytes, and the manifest without its `time` (when it was written). */
export function exportFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isFile()) continue;
    const name = entry.name;
    const text = readFileSync(join(folder, name), 'utf8');
    if (!name.endsWith('.manifest.json')) files.set(name, text);
    else {
      const manifest = JSON.parse(text) as Record<string, unknown>;
      expect(typeof manifest.time).toBe('string');
      delete manifest.time;
      files.set(name, JSON.stringify(manifest, null, 2));
    }
  }
  return files;
}

/** Moves `folder` to `target` (so the next command writes the same paths afresh). */
export function moveFolder(folder: string, target: string): void {
  renameSync(folder, target);
}
