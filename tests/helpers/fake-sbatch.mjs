#!/usr/bin/env node
/**
 * A stand-in for Slurm's `sbatch`, for testing the scripts `agentmix plan --slurm` writes where no
 * Slurm is installed. It takes the job script on standard input as sbatch does, reads its
 * `#SBATCH --array=A-B` line, runs the script once per array index with SLURM_ARRAY_TASK_ID set
 * (all at once, as separate processes), and prints a job id (`--parsable`: `id;cluster`). A job
 * submitted with `--dependency=afterok:ID` runs only when every task of job ID exited with 0.
 * Every submission is logged as a JSON line to $FAKE_SBATCH_LOG. It is not a scheduler: it runs
 * jobs when they are submitted.
 */
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, readFileSync } from 'node:fs';

const log = process.env.FAKE_SBATCH_LOG;
if (log === undefined) throw new Error('FAKE_SBATCH_LOG is not set');
const args = process.argv.slice(2);
const script = readFileSync(0, 'utf8');
const submitted = existsSync(log) ? readFileSync(log, 'utf8').trimEnd().split('\n').filter(Boolean).map((line) => JSON.parse(line)) : [];
const id = 1000 + submitted.length;
const dependency = args.find((arg) => arg.startsWith('--dependency='))?.slice('--dependency='.length) ?? null;
const array = /^#SBATCH --array=(\d+)-(\d+)$/m.exec(script);
const indexes = array === null ? [null] : Array.from({ length: Number(array[2]) - Number(array[1]) + 1 }, (_, offset) => Number(array[1]) + offset);

let statuses;
if (dependency !== null) {
  const [kind, after] = dependency.split(':');
  const before = submitted.find((job) => job.id === Number(after));
  if (kind !== 'afterok' || before === undefined) {
    process.stderr.write(`fake sbatch: unsupported dependency ${dependency}\n`);
    process.exit(1);
  }
  if (before.statuses.some((status) => status !== 0)) statuses = ['never run: the dependency failed'];
}
statuses ??= await Promise.all(
  indexes.map(
    (index) =>
      new Promise((resolve) => {
        const env = { ...process.env, SLURM_JOB_ID: String(id) };
        if (index !== null) Object.assign(env, { SLURM_ARRAY_JOB_ID: String(id), SLURM_ARRAY_TASK_ID: String(index) });
        const child = spawn('bash', ['-s'], { env, stdio: ['pipe', 'ignore', 'inherit'] });
        child.stdin.end(script);
        child.on('close', (code) => resolve(code));
      }),
  ),
);
appendFileSync(log, `${JSON.stringify({ id, args, array: array === null ? null : array[0], dependency, statuses })}\n`);
process.stdout.write(args.includes('--parsable') ? `${id};fakecluster\n` : `Submitted batch job ${id}\n`);
