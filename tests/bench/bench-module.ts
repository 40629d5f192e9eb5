import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';

/** A benchmark of tests/bench: prints its figures, never fails on time. */
export interface BenchModule {
  description: string;
  run(): Promise<void>;
}

/** Where generated benchmark data lives (reused between runs): `.tmp/bench` (git-ignored). */
export function benchDataDir(): string {
  const folder = join(REPO_ROOT, '.tmp', 'bench');
  mkdirSync(folder, { recursive: true });
  return folder;
}

/** The median of some numbers. */
export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Size of the generated data in MB: env `BENCH_MB`, default 1024. */
export function benchMegabytes(): number {
  const value = Number(process.env.BENCH_MB ?? 1024);
  return Number.isFinite(value) && value > 0 ? value : 1024;
}

/** Runs per measurement: env `BENCH_RUNS`, default 3. */
export function benchRuns(): number {
  const value = Number(process.env.BENCH_RUNS ?? 3);
  return Number.isInteger(value) && value > 0 ? value : 3;
}
