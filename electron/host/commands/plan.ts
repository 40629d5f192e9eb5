/**
 * `agentmix plan <recipe.json> --slurm|--ray [--shards N] [--partial DIR] [--workers N] [merge
 * options]` (docs/scale.md, "Shards"): how to run the recipe as N shards and a merge on a cluster's
 * own scheduler, not on one of ours. `--slurm` prints a bash script that submits a Slurm job array
 * and the merge after it (plan-slurm.ts); `--ray` prints the body of a Ray job for Ray's Jobs REST
 * API, whose entrypoint runs the committed driver (plan-ray.ts), and `--submit URL` posts it.
 */
import { loadRecipe, RecipeError } from '../../engine/pipeline/load-recipe';
import { parseFormatArgument } from './run-export';
import { absolute, defaultAgentmix, defaultPartialFolder, shellLine, type PlanSpec } from './plan-commands';
import { rayJobBody, submitRayJob } from './plan-ray';
import { slurmScript } from './plan-slurm';

const USAGE = `Usage: agentmix plan <recipe.json> --slurm [--shards N] [--partial DIR] [--workers N] [--sbatch OPTION]... [--logs DIR] [merge options]
       agentmix plan <recipe.json> --ray [--shards N] [--partial DIR] [--workers N] [--python CMD] [--submission-id ID] [--runtime-env JSON] [--submit URL] [merge options]

Plans a run of the recipe as N shards (agentmix run --shard I/N --partial DIR) and their merge
(agentmix merge) on a cluster's scheduler; docs/scale.md, "Shards". The cluster's nodes must see the
recipe, its sources and DIR at the same paths (a shared file system).
  --slurm             print a bash script that submits a Slurm job array of N shards (sbatch --array)
                      and the merge after it (sbatch --dependency=afterok); run it with bash
  --ray               print the JSON body of a Ray job (Ray Jobs REST API, POST /api/jobs/) whose
                      entrypoint runs resources/ray/agentmix_ray_driver.py: one Ray task per shard, then the merge
  --shards N          shards (default 4)
  --partial DIR       the partials' folder (default: <recipe name>.partials beside the recipe)
  --workers N         worker threads (and CPUs asked) per shard and for the merge (default 4)
  --agentmix CMD      how a node starts agentmix (default: this Node and this install's bin/agentmix.mjs)
  --sbatch OPTION     an #SBATCH option for both jobs, e.g. --sbatch --partition=cpu --sbatch --time=4:00:00
  --logs DIR          the Slurm jobs' output files (default: the partial folder)
  --python CMD        the Python that runs the Ray driver on the cluster (default python3)
  --submission-id ID  the Ray job's submission id (default: agentmix-<recipe>-<random>)
  --runtime-env JSON  the Ray job's runtime_env (default {})
  --submit URL        post the Ray job to the job server at URL (e.g. http://head:8265) and print its id
  merge options       --verdicts FILE, --out PATH, --format F, --base DIR, as for agentmix run
`;

/** Parsed arguments of `plan`. */
interface PlanArguments {
  engine: 'slurm' | 'ray';
  spec: PlanSpec;
  sbatch: string[];
  logs: string | null;
  python: string;
  submissionId: string | null;
  runtimeEnv: Record<string, unknown>;
  submit: string | null;
}

const VALUED = ['--shards', '--partial', '--workers', '--agentmix', '--sbatch', '--logs', '--python', '--submission-id', '--runtime-env', '--submit', '--verdicts', '--out', '--format', '--base'];

/** A whole number within bounds, or an error naming the option. */
function count(option: string, value: string, max: number): number | { error: string } {
  const number = Number(value);
  return Number.isInteger(number) && number >= 1 && number <= max ? number : { error: `${option}: expected a whole number from 1 to ${max}, got "${value}"` };
}

/** Parses the arguments, or says what is wrong. */
export function parsePlanArguments(argv: string[]): PlanArguments | { error: string } {
  let engine: PlanArguments['engine'] | null = null;
  const values = new Map<string, string[]>();
  const paths: string[] = [];
  for (let index = 0; index < argv.length; index++) {
    const argument = argv[index];
    if (argument === '--slurm' || argument === '--ray') {
      if (engine !== null && engine !== argument.slice(2)) return { error: 'one of --slurm and --ray' };
      engine = argument.slice(2) as PlanArguments['engine'];
    } else if (VALUED.includes(argument)) {
      const value = argv[++index];
      if (value === undefined) return { error: `${argument} needs a value` };
      values.set(argument, [...(values.get(argument) ?? []), value]);
    } else if (argument.startsWith('--')) return { error: `unknown option ${argument}` };
    else paths.push(argument);
  }
  if (paths.length !== 1) return { error: paths.length === 0 ? 'no recipe given' : `one recipe at a time (got ${paths.length})` };
  if (engine === null) return { error: 'say which scheduler: --slurm or --ray' };
  const last = (option: string): string | undefined => values.get(option)?.at(-1);
  const shards = count('--shards', last('--shards') ?? '4', 100_000);
  const workers = count('--workers', last('--workers') ?? '4', 64);
  if (typeof shards === 'object') return shards;
  if (typeof workers === 'object') return workers;
  const mergeOptions: string[] = [];
  for (const option of ['--verdicts', '--out', '--base']) {
    const value = last(option);
    if (value !== undefined) mergeOptions.push(option, absolute(value));
  }
  const format = last('--format');
  if (format !== undefined) {
    const parsed = parseFormatArgument(format);
    if (typeof parsed === 'object') return parsed;
    mergeOptions.push('--format', parsed);
  }
  let runtimeEnv: Record<string, unknown> = {};
  const runtimeText = last('--runtime-env');
  if (runtimeText !== undefined) {
    try {
      runtimeEnv = JSON.parse(runtimeText) as Record<string, unknown>;
    } catch {
      return { error: `--runtime-env: not JSON: ${runtimeText}` };
    }
    if (typeof runtimeEnv !== 'object' || runtimeEnv === null || Array.isArray(runtimeEnv)) return { error: '--runtime-env: expected a JSON object' };
  }
  const recipe = absolute(paths[0]);
  const agentmix = last('--agentmix');
  const partial = absolute(last('--partial') ?? defaultPartialFolder(recipe));
  const submit = last('--submit') ?? null;
  if (engine === 'slurm' && (submit !== null || values.has('--python') || values.has('--submission-id') || values.has('--runtime-env'))) return { error: '--submit, --python, --submission-id and --runtime-env are options of --ray' };
  if (engine === 'ray' && (values.has('--sbatch') || values.has('--logs'))) return { error: '--sbatch and --logs are options of --slurm' };
  return {
    engine,
    spec: { agentmix: agentmix === undefined ? defaultAgentmix() : agentmix.split(/\s+/).filter((word) => word !== ''), recipe, shards, partial, workers, mergeOptions },
    sbatch: values.get('--sbatch') ?? [],
    logs: last('--logs') === undefined ? null : absolute(last('--logs') as string),
    python: last('--python') ?? 'python3',
    submissionId: last('--submission-id') ?? null,
    runtimeEnv,
    submit,
  };
}

/** Runs `agentmix plan`; resolves to the exit code. */
export async function planCommand(argv: string[]): Promise<number> {
  if (argv.includes('--help') || argv.includes('-h')) {
    process.stdout.write(USAGE);
    return 0;
  }
  const parsed = parsePlanArguments(argv);
  if ('error' in parsed) {
    process.stderr.write(`agentmix plan: ${parsed.error}\n\n${USAGE}`);
    return 2;
  }
  try {
    // The recipe is checked here, so that a cluster never queues a run that cannot start.
    await loadRecipe(parsed.spec.recipe);
  } catch (error) {
    if (!(error instanceof RecipeError)) throw error;
    process.stderr.write(`agentmix plan: ${error.message}\n`);
    return 2;
  }
  if (parsed.engine === 'slurm') {
    process.stdout.write(slurmScript(parsed.spec, { sbatch: parsed.sbatch, logs: parsed.logs ?? parsed.spec.partial }, shellLine(['agentmix', 'plan', ...argv])));
    return 0;
  }
  const body = rayJobBody(parsed.spec, parsed);
  if (parsed.submit === null) {
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return 0;
  }
  try {
    const answer = await submitRayJob(parsed.submit, body);
    process.stdout.write(`submitted Ray job ${answer.submission_id ?? answer.job_id ?? body.submission_id} to ${parsed.submit}\n`);
    return 0;
  } catch (error) {
    process.stderr.write(`agentmix plan: ${error instanceof Error ? error.message : String(error)}\n`);
    return 1;
  }
}
