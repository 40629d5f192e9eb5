import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { homedir, userInfo } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { FileAccess } from '../../engine/access/file-access';
import { createHostApi } from '../../engine/api/host-api';
import { appInfo } from '../../engine/export/app-info';
import { appRoot } from '../app-root';
import type { TestHold } from '../../engine/api/job-tracker';
import { jobKindSchema } from '../../../shared/api/jobs';
import { startServer } from '../server';
import { limitsFromEnvironment } from '../server-limits';

/** The repository (or installed package): out/renderer and resources/samples are found from here. */
const ROOT = appRoot();

/**
 * The default port. A fixed port keeps the page's origin, and so its IndexedDB review store, the
 * same from one run to the next; `--port 0` picks a free one.
 */
export const DEFAULT_PORT = 4477;

const USAGE = `Usage: agentmix serve [shard...] [--port N] [--recipe R] [--allow DIR]... [--open] [--data DIR] [--workers N]

Serves the AgentMix Studio UI (the built renderer in out/renderer) and its API over a WebSocket on
127.0.0.1, with a random token in the printed URL (after "#": the browser never sends it, and the
page keeps it in its own origin's storage). Without shards or a recipe it opens the demo in
resources/samples (its demo recipe). Stops on Ctrl+C.

The API reads and writes only inside the allowed folders: the data folder, the demo, the shards and
the recipe given here (with what the recipe names), each --allow DIR, and folders added later in
the browser, which are printed here (docs/security.md).

  --port N      port to listen on (default ${DEFAULT_PORT}; 0 picks a free one)
  --recipe R    open a recipe (docs/recipe.md) and its sources
  --allow DIR   let the browser read and write in DIR too (repeatable)
  --open        open the URL in the default browser
  --data DIR    folder for saved reviews (default $AGENTMIX_DATA_DIR or ~/.agentmix)
  --workers N   worker threads for indexing (default: one per core)
`;

/**
 * `AGENTMIX_TEST_HOLD=<kind>:<stage>` (e.g. `pipeline:measure`): jobs of that kind wait after that
 * stage until they are canceled (electron/engine/api/job-tracker.ts, docs/CONTRIBUTING.md). For
 * the e2e tests only; serve says so on stderr when it is set. Null when unset; a string explaining
 * the mistake when it does not parse.
 */
export function testHoldFrom(value: string | undefined): TestHold | null | string {
  if (value === undefined || value === '') return null;
  const [kind, stage] = value.split(':', 2);
  const parsed = jobKindSchema.safeParse(kind);
  if (!parsed.success || stage === undefined || stage === '') return `AGENTMIX_TEST_HOLD takes <kind>:<stage> with a kind of ${jobKindSchema.options.join(', ')} (e.g. pipeline:measure), not "${value}"`;
  return { kind: parsed.data, stage };
}

/** Where output goes (tests capture it). */
export interface ServeIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Resolves when the server should stop; default: SIGINT or SIGTERM. */
  stopped?: Promise<void>;
}

/** Waits for Ctrl+C or SIGTERM. */
function untilInterrupted(): Promise<void> {
  return new Promise((resolveStop) => {
    const stop = (): void => {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
      resolveStop();
    };
    process.on('SIGINT', stop);
    process.on('SIGTERM', stop);
  });
}

/** Opens a URL in the default browser, without waiting for it. */
function openBrowser(url: string): void {
  const [command, args] = process.platform === 'darwin' ? ['open', [url]] : process.platform === 'win32' ? ['cmd', ['/c', 'start', '', url]] : ['xdg-open', [url]];
  const child = spawn(command, args, { detached: true, stdio: 'ignore' });
  child.on('error', () => undefined);
  child.unref();
}

/**
 * The allowed set serve starts with (docs/security.md, "File access"): the data folder, the demo,
 * the shards and the recipe of the command line (a recipe grants what it names when it opens) and
 * each `--allow`; later grants from the browser are printed. Null (after saying why) when an
 * `--allow` folder does not exist.
 */
async function startingAccess(options: { dataDir: string; demoDir: string; shards: string[]; recipe: string | undefined; allow: string[] }, io: ServeIo): Promise<FileAccess | null> {
  const access = new FileAccess({
    uiGrants: true,
    folders: [options.dataDir, options.demoDir],
    onGrant: (grant) => io.stdout(`Allowed ${grant.path} (${grant.reason === 'browser' ? 'asked by the browser' : grant.reason}${grant.linkedFrom ? `, linked from ${grant.linkedFrom}` : ''}).\n`),
  });
  for (const folder of options.allow) {
    try {
      await access.grant(folder, '--allow', 'folder');
    } catch (error) {
      io.stderr(`agentmix serve: --allow ${folder}: ${error instanceof Error ? error.message : String(error)}\n`);
      return null;
    }
  }
  // A shard or recipe that does not exist is reported when it opens.
  for (const shard of options.shards) await access.grant(resolve(shard), 'command line').catch(() => undefined);
  if (options.recipe !== undefined) {
    // The recipe's folder is the project (its outputs and saved copies go there), and the recipe grants what it names.
    await access.grant(dirname(resolve(options.recipe)), 'command line', 'folder').catch(() => undefined);
    await access.grant(resolve(options.recipe), 'command line', 'file').catch(() => undefined);
  }
  return access;
}

/** `agentmix serve`: resolves to the exit code once the server has stopped. */
export async function serveCommand(argv: string[], io: ServeIo = { stdout: (text) => process.stdout.write(text), stderr: (text) => process.stderr.write(text) }): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        port: { type: 'string' },
        recipe: { type: 'string' },
        allow: { type: 'string', multiple: true },
        open: { type: 'boolean' },
        data: { type: 'string' },
        workers: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (error) {
    io.stderr(`agentmix serve: ${error instanceof Error ? error.message : String(error)}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  const port = values.port === undefined ? DEFAULT_PORT : Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    io.stderr(`agentmix serve: --port takes a number from 0 to 65535, not "${values.port}"\n`);
    return 2;
  }
  const workers = values.workers === undefined ? undefined : Number(values.workers);
  if (workers !== undefined && (!Number.isInteger(workers) || workers < 1)) {
    io.stderr(`agentmix serve: --workers takes a positive whole number, not "${values.workers}"\n`);
    return 2;
  }
  // AGENTMIX_RENDERER_DIR serves another build of the UI (tests use it to run before `npm run build`).
  const rendererDir = resolve(process.env['AGENTMIX_RENDERER_DIR'] ?? join(ROOT, 'out/renderer'));
  if (!existsSync(join(rendererDir, 'index.html'))) {
    io.stderr(`agentmix serve: the built UI is missing (${join(rendererDir, 'index.html')}). Run \`npm run build\` first, then \`agentmix serve\` again.\n`);
    return 2;
  }
  const testHold = testHoldFrom(process.env['AGENTMIX_TEST_HOLD']);
  if (typeof testHold === 'string') {
    io.stderr(`agentmix serve: ${testHold}\n`);
    return 2;
  }
  if (testHold !== null) io.stderr(`agentmix serve: AGENTMIX_TEST_HOLD is set (a test hook): ${testHold.kind} jobs wait after their "${testHold.stage}" stage until they are canceled. Unset it for normal use.\n`);
  // AGENTMIX_SERVE_LIMITS shortens the timeouts and caps (the serve tests use it; docs/security.md, "Limits").
  const limits = limitsFromEnvironment(process.env['AGENTMIX_SERVE_LIMITS']);
  if (!limits.ok) {
    io.stderr(`agentmix serve: ${limits.message}\n`);
    return 2;
  }
  const dataDir = resolve(values.data ?? process.env['AGENTMIX_DATA_DIR'] ?? join(homedir(), '.agentmix'));
  mkdirSync(dataDir, { recursive: true });
  const demoDir = join(ROOT, 'resources/samples');
  const access = await startingAccess({ dataDir, demoDir, shards: positionals, recipe: values.recipe, allow: values.allow ?? [] }, io);
  if (access === null) return 2;

  const api = createHostApi({
    host: { transport: 'websocket', version: appInfo().version, dataDir, demoDir, user: userInfo().username || 'annotator', dialogs: null },
    engine: workers === undefined ? {} : { workers },
    access,
    testHold,
    onUnexpectedError: (name, error) => io.stderr(`agentmix serve: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`),
  });

  let server;
  try {
    server = await startServer({ port, rendererDir, handlers: api.handlers, hub: api.hub, limits: limits.limits, onUnexpectedError: (name, error) => io.stderr(`agentmix serve: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`) });
  } catch (error) {
    await api.dispose();
    const inUse = error instanceof Error && 'code' in error && error.code === 'EADDRINUSE';
    io.stderr(inUse ? `agentmix serve: port ${port} is in use; pick another with --port N (or --port 0 for any free port)\n` : `agentmix serve: cannot listen on 127.0.0.1:${port}: ${error instanceof Error ? error.message : String(error)}\n`);
    return 2;
  }
  io.stdout(`AgentMix Studio is serving at ${server.url}\nData folder: ${dataDir}\nAllowed folders: ${(await access.list()).filter((grant) => grant.linkedFrom === undefined).map((grant) => grant.path).join(', ')}\nPress Ctrl+C to stop.\n`);
  access.announce();
  if (values.open) openBrowser(server.url);

  // Index in the background: the UI shows the job's progress, and the URL is usable at once.
  const initial = (async () => {
    if (positionals.length > 0) return api.call('sources.open', { paths: positionals.map((path) => resolve(path)) });
    if (values.recipe) return api.call('recipe.open', { path: resolve(values.recipe) });
    return api.call('recipe.openDemo', {});
  })().then(
    (result) => {
      if (!result.ok) io.stderr(`agentmix serve: could not open the sources: ${result.error.message}\n`);
      else io.stdout(`Indexed ${api.engine.index.count} records from ${api.engine.listSources().length} sources.\n`);
    },
    (error: unknown) => io.stderr(`agentmix serve: could not open the sources: ${error instanceof Error ? error.message : String(error)}\n`),
  );

  await (io.stopped ?? untilInterrupted());
  io.stdout('Stopping.\n');
  for (const job of api.services.jobs.list()) api.services.jobs.cancel(job.jobId);
  await server.close();
  await initial.catch(() => undefined);
  await api.dispose();
  return 0;
}
