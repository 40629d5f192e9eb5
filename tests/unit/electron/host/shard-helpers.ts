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

/** The manifests' `time` of every run here (SOURCE_DATE_EPOCH), so that whole manifests can be compared. */
export const PINNED_TIME = { epoch: '1767225600', iso: '2026-01-01T00:00:00.000Z' };

/**
 * Runs the compiled `agentmix` with `args` in a child process (several can run at once, as shards
 * do), with SOURCE_DATE_EPOCH pinned to {@link PINNED_TIME} unless `env` sets it.
 */
export function agentmix(args: readonly string[], env: Record<string, string> = {}): Promise<Outcome> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), ...args], { env: { ...process.env, SOURCE_DATE_EPOCH: PINNED_TIME.epoch, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
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

/** The files of an export folder by name, with their bytes (a manifest's `time` is checked to be the pinned one). */
export function exportFiles(folder: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!entry.isFile()) continue;
    const name = entry.name;
    const text = readFileSync(join(folder, name), 'utf8');
    if (name.endsWith('.manifest.json')) expect((JSON.parse(text) as { time: unknown }).time, name).toBe(PINNED_TIME.iso);
    files.set(name, text);
  }
  return files;
}

/** Moves `folder` to `target` (so the next command writes the same paths afresh). */
export function moveFolder(folder: string, target: string): void {
  renameSync(folder, target);
}
