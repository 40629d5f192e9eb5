/**
 * `agentmix plan --slurm` (docs/scale.md, "Shards"): a bash script that submits the run to Slurm
 * with two `sbatch` calls. The first submits a job array (`--array=0-(N-1)`), each of whose tasks
 * runs `agentmix run <recipe> --shard $SLURM_ARRAY_TASK_ID/N --partial DIR`; `--parsable` makes
 * sbatch print the job id (`id` or `id;cluster`). The second submits the merge with
 * `--dependency=afterok:<id>`, which Slurm starts once every task of the array has ended with exit
 * code 0. Each job's script goes to sbatch on its standard input, with its options as `#SBATCH` lines.
 */
import { INDEX_PLACEHOLDER, mergeArgv, shardArgv, shellLine, shellWord, type PlanSpec } from './plan-commands';

/** Options of the Slurm plan. */
export interface SlurmOptions {
  /** More `#SBATCH` options for both jobs (`--partition=cpu`, `--time=02:00:00`, ...). */
  sbatch: string[];
  /** The folder of the jobs' logs (default: the partial folder). */
  logs: string;
}

/** The submitting script. */
export function slurmScript(spec: PlanSpec, options: SlurmOptions, planCommand: string): string {
  // The shard index comes from Slurm: the one word of the command that the shell expands.
  const shardLine = shellLine(shardArgv(spec, INDEX_PLACEHOLDER)).replace(`${INDEX_PLACEHOLDER}/${spec.shards}`, `"$SLURM_ARRAY_TASK_ID/${spec.shards}"`);
  const extra = options.sbatch.map((option) => `#SBATCH ${option}`);
  const lines = [
    '#!/bin/bash',
    `# A sharded agentmix run on Slurm (docs/scale.md, "Shards"), written by: ${planCommand}`,
    `# Submit it with bash (not sbatch): it submits a job array of ${spec.shards} shards, then the merge after them.`,
    'set -euo pipefail',
    `mkdir -p ${[...new Set([spec.partial, options.logs])].map(shellWord).join(' ')}`,
    "shards=$(sbatch --parsable <<'AGENTMIX_SHARDS'",
    '#!/bin/bash',
    '#SBATCH --job-name=agentmix-shard',
    `#SBATCH --array=0-${spec.shards - 1}`,
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${spec.workers}`,
    `#SBATCH --output=${options.logs}/agentmix-shard-%A_%a.out`,
    ...extra,
    'set -euo pipefail',
    `exec ${shardLine}`,
    'AGENTMIX_SHARDS',
    ')',
    'shards=${shards%%;*}',
    "merge=$(sbatch --parsable --dependency=afterok:$shards <<'AGENTMIX_MERGE'",
    '#!/bin/bash',
    '#SBATCH --job-name=agentmix-merge',
    '#SBATCH --ntasks=1',
    `#SBATCH --cpus-per-task=${spec.workers}`,
    `#SBATCH --output=${options.logs}/agentmix-merge-%j.out`,
    ...extra,
    'set -euo pipefail',
    `exec ${shellLine(mergeArgv(spec))}`,
    'AGENTMIX_MERGE',
    ')',
    'merge=${merge%%;*}',
    `echo "agentmix: submitted job array $shards (${spec.shards} shards) and the merge $merge after it; logs in ${options.logs.replace(/["\\$`]/g, '\\$&')}"`,
  ];
  return `${lines.join('\n')}\n`;
}
