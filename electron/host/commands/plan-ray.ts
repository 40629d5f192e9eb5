/**
 * `agentmix plan --ray` (docs/scale.md, "Shards"): the request body of a Ray job, as Ray's Jobs REST
 * API takes it (`POST /api/jobs/` on the dashboard's address, port 8265 by default): `entrypoint`
 * (the shell command the job runs), `submission_id`, `runtime_env` and `metadata` (strings). The
 * entrypoint runs the committed driver (resources/ray/agentmix_ray_driver.py) with the plan: it
 * starts one Ray task per shard command and runs the merge once all succeeded. `--submit URL` posts
 * the body and prints the id the server answers with.
 */
import { randomBytes } from 'node:crypto';
import { basename, join } from 'node:path';
import { appRoot } from '../app-root';
import { mergeArgv, shardArgv, shellLine, type PlanSpec } from './plan-commands';

/** The body of `POST /api/jobs/`. */
export interface RayJobBody {
  entrypoint: string;
  submission_id: string;
  runtime_env: Record<string, unknown>;
  metadata: Record<string, string>;
}

/** The committed driver script. */
export function rayDriverPath(): string {
  return join(appRoot(), 'resources', 'ray', 'agentmix_ray_driver.py');
}

/** The job body of `spec` (`python` runs the driver on the cluster; `submissionId` defaults to a new one). */
export function rayJobBody(spec: PlanSpec, options: { python: string; submissionId: string | null; runtimeEnv: Record<string, unknown> }): RayJobBody {
  const plan = { shards: Array.from({ length: spec.shards }, (_, index) => shardArgv(spec, index)), merge: mergeArgv(spec), cpus: spec.workers };
  const name = basename(spec.recipe).replace(/\.json$/i, '').replace(/[^\w-]+/g, '-');
  return {
    entrypoint: shellLine([options.python, rayDriverPath(), '--plan', JSON.stringify(plan)]),
    submission_id: options.submissionId ?? `agentmix-${name}-${randomBytes(4).toString('hex')}`,
    runtime_env: options.runtimeEnv,
    metadata: { tool: 'agentmix', recipe: spec.recipe, shards: String(spec.shards), partial: spec.partial },
  };
}

/** Posts the body to the Ray job server at `url`; resolves to its answer, or rejects saying what the server said. */
export async function submitRayJob(url: string, body: RayJobBody): Promise<{ submission_id?: string; job_id?: string }> {
  const endpoint = `${url.replace(/\/+$/, '')}/api/jobs/`;
  let response: Response;
  try {
    response = await fetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  } catch (error) {
    throw new Error(`cannot reach the Ray job server at ${endpoint}: ${error instanceof Error ? ((error.cause as Error | undefined)?.message ?? error.message) : String(error)}`);
  }
  const text = await response.text();
  if (!response.ok) throw new Error(`the Ray job server at ${endpoint} refused the job: HTTP ${response.status} ${text.slice(0, 500)}`);
  try {
    return JSON.parse(text) as { submission_id?: string; job_id?: string };
  } catch {
    throw new Error(`the Ray job server at ${endpoint} answered something that is not JSON: ${text.slice(0, 200)}`);
  }
}
