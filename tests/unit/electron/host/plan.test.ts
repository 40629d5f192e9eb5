import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../../helpers/data';
import { agentmix, agentmixOk } from './shard-helpers';

/**
 * `agentmix plan --slurm` and `--ray` (docs/scale.md, "Shards"). No Slurm or Ray is installed here:
 * the Slurm script runs under a stand-in sbatch (tests/helpers/fake-sbatch.mjs) that runs each
 * array task with its SLURM_ARRAY_TASK_ID, and the Ray job is posted to a local server with the
 * shape of Ray's Jobs REST API, whose entrypoint then runs with the driver's `--local` fallback.
 * Both must give the verdicts and export of one `agentmix run`.
 */
const RECIPE = join(REPO_ROOT, 'resources', 'samples', 'mix-export.recipe.json');
const HAVE_PYTHON = spawnSync('python3', ['--version']).status === 0;

/** The bodies of the here-documents of a script, by delimiter. */
function hereDocuments(script: string): Map<string, string> {
  const found = new Map<string, string>();
  for (const match of script.matchAll(/<<'(\w+)'\n([\s\S]*?)\n\1\n/g)) found.set(match[1], match[2]);
  return found;
}

describe('agentmix plan', () => {
  let work: string;
  let single: { verdicts: string; train: string; validation: string };

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'agentmix-plan-'));
    await agentmixOk(['run', RECIPE, '--verdicts', join(work, 'single.jsonl'), '--out', join(work, 'single', 'mix.json')]);
    single = { verdicts: readFileSync(join(work, 'single.jsonl'), 'utf8'), train: readFileSync(join(work, 'single', 'mix.json'), 'utf8'), validation: readFileSync(join(work, 'single', 'mix.validation.json'), 'utf8') };
  }, 120_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  /** Expects the verdicts and export of `name` to be the single run's. */
  function expectSameAsSingle(name: string): void {
    expect(readFileSync(join(work, `${name}.jsonl`), 'utf8')).toBe(single.verdicts);
    expect(readFileSync(join(work, name, 'mix.json'), 'utf8')).toBe(single.train);
    expect(readFileSync(join(work, name, 'mix.validation.json'), 'utf8')).toBe(single.validation);
  }

  it('writes a Slurm job array of N shards and a merge after it, which run to the single run\'s output', async () => {
    const partial = join(work, 'slurm parts');
    const script = await agentmixOk(['plan', RECIPE, '--slurm', '--shards', '3', '--workers', '1', '--partial', partial, '--verdicts', join(work, 'slurm.jsonl'), '--out', join(work, 'slurm', 'mix.json'), '--sbatch', '--time=01:00:00']);
    const jobs = hereDocuments(script);
    expect([...jobs.keys()]).toEqual(['AGENTMIX_SHARDS', 'AGENTMIX_MERGE']);
    const shards = jobs.get('AGENTMIX_SHARDS') ?? '';
    const merge = jobs.get('AGENTMIX_MERGE') ?? '';
    expect(shards.split('\n').filter((line) => line.startsWith('#SBATCH'))).toEqual([
      '#SBATCH --job-name=agentmix-shard',
      '#SBATCH --array=0-2',
      '#SBATCH --ntasks=1',
      '#SBATCH --cpus-per-task=1',
      `#SBATCH --output=${partial}/agentmix-shard-%A_%a.out`,
      '#SBATCH --time=01:00:00',
    ]);
    expect(shards).toMatch(/^exec .* run .*mix-export\.recipe\.json --shard "\$SLURM_ARRAY_TASK_ID\/3" --partial '[^']*slurm parts' --workers 1$/m);
    expect(script).toContain("shards=$(sbatch --parsable <<'AGENTMIX_SHARDS'");
    expect(script).toContain("merge=$(sbatch --parsable --dependency=afterok:$shards <<'AGENTMIX_MERGE'");
    expect(merge).not.toContain('--array');
    expect(merge).toMatch(/^exec .* merge .*mix-export\.recipe\.json '[^']*slurm parts' --verdicts .*slurm\.jsonl --out .*slurm\/mix\.json --workers 1$/m);

    // Run it with the stand-in sbatch first on the PATH.
    const bin = join(work, 'bin');
    mkdirSync(bin);
    copyFileSync(join(REPO_ROOT, 'tests', 'helpers', 'fake-sbatch.mjs'), join(bin, 'sbatch'));
    chmodSync(join(bin, 'sbatch'), 0o755);
    writeFileSync(join(work, 'submit.sh'), script);
    const log = join(work, 'sbatch.jsonl');
    const run = spawnSync('bash', [join(work, 'submit.sh')], { encoding: 'utf8', env: { ...process.env, PATH: `${bin}:${process.env.PATH ?? ''}`, FAKE_SBATCH_LOG: log }, timeout: 120_000 });
    expect(run.stderr.replace(/\r[^\n]*/g, '').trim()).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout).toContain('agentmix: submitted job array 1000 (3 shards) and the merge 1001 after it');
    const submissions = readFileSync(log, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as { id: number; dependency: string | null; statuses: number[] });
    expect(submissions.map(({ id, dependency, statuses }) => ({ id, dependency, statuses }))).toEqual([
      { id: 1000, dependency: null, statuses: [0, 0, 0] },
      { id: 1001, dependency: 'afterok:1000', statuses: [0] },
    ]);
    expectSameAsSingle('slurm');
  }, 180_000);

  describe('the Ray job', () => {
    let server: Server;
    let url: string;
    const received: unknown[] = [];

    beforeAll(async () => {
      // The submit endpoint of Ray's Jobs REST API: POST /api/jobs/ with a JSON body whose entrypoint is required.
      server = createServer((request, response) => {
        let text = '';
        request.on('data', (chunk: Buffer) => (text += chunk.toString('utf8')));
        request.on('end', () => {
          const answer = (status: number, value: unknown): void => {
            response.writeHead(status, { 'content-type': 'application/json' });
            response.end(JSON.stringify(value));
          };
          if (request.method !== 'POST' || request.url !== '/api/jobs/') return answer(404, { error: `no route ${request.method} ${request.url}` });
          let body: Record<string, unknown>;
          try {
            body = JSON.parse(text) as Record<string, unknown>;
          } catch {
            return answer(400, { error: 'not JSON' });
          }
          const metadata = body.metadata as Record<string, unknown> | undefined;
          if (typeof body.entrypoint !== 'string' || body.entrypoint === '') return answer(400, { error: 'entrypoint is required' });
          if (body.submission_id !== undefined && typeof body.submission_id !== 'string') return answer(400, { error: 'submission_id must be a string' });
          if (typeof body.runtime_env !== 'object' || Array.isArray(body.runtime_env)) return answer(400, { error: 'runtime_env must be an object' });
          if (metadata !== undefined && Object.values(metadata).some((value) => typeof value !== 'string')) return answer(400, { error: 'metadata values must be strings' });
          if (body.submission_id === 'taken') return answer(400, { error: 'Job with submission_id taken already exists.' });
          received.push(body);
          answer(200, { job_id: 'raysubmit_0001', submission_id: body.submission_id });
        });
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });

    afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

    it('prints the job body of the documented shape', async () => {
      const body = JSON.parse(await agentmixOk(['plan', RECIPE, '--ray', '--shards', '2', '--partial', join(work, 'ray-print'), '--runtime-env', '{"env_vars": {"A": "1"}}'])) as Record<string, unknown>;
      expect(Object.keys(body)).toEqual(['entrypoint', 'submission_id', 'runtime_env', 'metadata']);
      expect(body.submission_id).toMatch(/^agentmix-mix-export-recipe-[0-9a-f]{8}$/);
      expect(body.runtime_env).toEqual({ env_vars: { A: '1' } });
      expect(body.metadata).toEqual({ tool: 'agentmix', recipe: RECIPE, shards: '2', partial: join(work, 'ray-print') });
      expect(body.entrypoint).toMatch(/^python3 \S+\/resources\/ray\/agentmix_ray_driver\.py --plan '\{"shards":\[\[/);
    });

    it.skipIf(!HAVE_PYTHON)('is submitted to the Jobs API, and its entrypoint runs the shards and the merge to the single run\'s output', async () => {
      const stdout = await agentmixOk(['plan', RECIPE, '--ray', '--shards', '2', '--workers', '1', '--partial', join(work, 'ray-parts'), '--verdicts', join(work, 'ray.jsonl'), '--out', join(work, 'ray', 'mix.json'), '--submission-id', 'agentmix-test', '--submit', `${url}/`]);
      expect(stdout).toBe(`submitted Ray job agentmix-test to ${url}/\n`);
      expect(received).toHaveLength(1);
      const { entrypoint } = received[0] as { entrypoint: string };
      // No Ray here: the entrypoint without --local refuses, with --local it runs the shards as local processes.
      const refused = spawnSync('bash', ['-c', entrypoint], { encoding: 'utf8' });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toContain('agentmix ray driver: Ray is not installed here');
      const run = spawnSync('bash', ['-c', `${entrypoint} --local`], { encoding: 'utf8', timeout: 120_000 });
      expect(run.status, run.stderr).toBe(0);
      expect(run.stderr).toContain('agentmix ray driver: 2 shards done; merging');
      expectSameAsSingle('ray');
    }, 180_000);

    it('says what the job server answered when it refuses the job, and what a plan needs', async () => {
      const refused = await agentmix(['plan', RECIPE, '--ray', '--submission-id', 'taken', '--submit', url]);
      expect(refused.status).toBe(1);
      expect(refused.stderr).toContain(`agentmix plan: the Ray job server at ${url}/api/jobs/ refused the job: HTTP 400 {"error":"Job with submission_id taken already exists."}`);
      const [neither, both, wrong] = await Promise.all([agentmix(['plan', RECIPE]), agentmix(['plan', RECIPE, '--slurm', '--submit', url]), agentmix(['plan', join(work, 'none.json'), '--slurm'])]);
      expect(neither.stderr).toContain('say which scheduler: --slurm or --ray');
      expect(both.stderr).toContain('--submit, --python, --submission-id and --runtime-env are options of --ray');
      expect(wrong.status).toBe(2);
      expect(wrong.stderr).toContain('none.json');
    });
  });
});
