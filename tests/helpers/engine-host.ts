import { fork, type ChildProcess } from 'node:child_process';
import type { CallName, EventName, Request, Response } from '../../shared/api';
import type { DialogRequest, HostSettings } from '../../shared/api/host-protocol';
import { PortClient } from '../../shared/api/port-client';
import type { WireResult } from '../../shared/api/wire';

/**
 * A compiled engine host (out/engine/host.mjs, or the one inside a packaged app) started under
 * Node with `child_process.fork`, driven over its process channel the way the desktop shell
 * drives it over Electron's parent port (shared/api/host-protocol.ts): init, calls, events, and
 * the native dialogs it asks for, answered by the test.
 */
export interface ForkedHost {
  /** Makes a call and resolves to its result envelope. */
  call<N extends CallName>(name: N, request: Request<N>): Promise<WireResult<Response<N>>>;
  /** Makes a call and resolves to its value, throwing on a failure. */
  value<N extends CallName>(name: N, request: Request<N>): Promise<Response<N>>;
  /** Sends a raw message on the channel (to test what the host does with a bad one). */
  send(message: unknown): void;
  /** Every event so far, in order. */
  events: { name: EventName; payload: unknown }[];
  /** The dialogs the host asked for, in order. */
  dialogs: DialogRequest[];
  /** Resolves with the next event of that name that passes `match`. */
  nextEvent(name: EventName, match?: (payload: unknown) => boolean): Promise<unknown>;
  /** What the host wrote to stderr so far. */
  stderr(): string;
  /** Resolves once the host's stderr matches `pattern` (stderr arrives on its own pipe, after the calls' results). */
  stderrMatching(pattern: RegExp): Promise<string>;
  /** Asks the host to stop and resolves with its exit code. */
  stop(): Promise<number | null>;
}

/** Starts a host and sends it `settings`; resolves once it says `ready` (and, unless `open` is 'nothing', once the start-up open ended). */
export async function forkHost(hostPath: string, settings: HostSettings, options: { answerDialog?: (request: DialogRequest) => unknown; execArgv?: string[]; env?: NodeJS.ProcessEnv } = {}): Promise<ForkedHost> {
  // No execArgv by default: the host runs as shipped, without the test runner's loaders.
  const child: ChildProcess = fork(hostPath, [], { execArgv: options.execArgv ?? [], env: options.env, serialization: 'advanced', stdio: ['ignore', 'ignore', 'pipe', 'ipc'] });
  let stderr = '';
  const stderrWaiters: { pattern: RegExp; resolve: (text: string) => void }[] = [];
  child.stderr?.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
    for (const waiter of [...stderrWaiters]) {
      if (!waiter.pattern.test(stderr)) continue;
      stderrWaiters.splice(stderrWaiters.indexOf(waiter), 1);
      waiter.resolve(stderr);
    }
  });
  const client = new PortClient();
  const events: ForkedHost['events'] = [];
  const dialogs: DialogRequest[] = [];
  const waiters: { name: EventName; match: (payload: unknown) => boolean; resolve: (payload: unknown) => void }[] = [];
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  let ready: () => void = () => undefined;
  let opened: () => void = () => undefined;
  const readyNow = new Promise<void>((resolve) => (ready = resolve));
  const openedNow = new Promise<void>((resolve) => (opened = resolve));

  child.on('message', (message: { type?: string; id?: number; request?: DialogRequest; name?: EventName; payload?: unknown }) => {
    if (message.type === 'ready') ready();
    else if (message.type === 'opened') opened();
    else if (message.type === 'dialog' && message.request) {
      dialogs.push(message.request);
      child.send({ type: 'dialog-answer', id: message.id, answer: options.answerDialog?.(message.request) ?? null });
    } else {
      if (message.type === 'event' && message.name) {
        events.push({ name: message.name, payload: message.payload });
        for (const waiter of [...waiters]) {
          if (waiter.name === message.name && waiter.match(message.payload)) {
            waiters.splice(waiters.indexOf(waiter), 1);
            waiter.resolve(message.payload);
          }
        }
      }
      client.receive(message);
    }
  });
  child.send({ type: 'init', settings });
  child.send({ type: 'connect' });
  client.attach((frame) => child.send(frame as object));
  await Promise.race([Promise.all([readyNow, settings.open === 'nothing' ? undefined : openedNow]), exited.then((code) => Promise.reject(new Error(`the engine host exited with code ${code} before it was ready:\n${stderr}`)))]);

  const host: ForkedHost = {
    call: (name, request) => client.invoke(name, request) as never,
    value: async (name, request) => {
      const result = await host.call(name, request);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
      return result.value;
    },
    send: (message) => child.send(message as object),
    events,
    dialogs,
    nextEvent: (name, match = () => true) => new Promise((resolve) => waiters.push({ name, match, resolve })),
    stderr: () => stderr,
    stderrMatching: (pattern) => (pattern.test(stderr) ? Promise.resolve(stderr) : new Promise((resolve) => stderrWaiters.push({ pattern, resolve }))),
    stop: async () => {
      if (child.connected) child.send({ type: 'stop' });
      return exited;
    },
  };
  return host;
}

/** What {@link runDemoExport} saw. */
export interface DemoExport {
  records: number;
  kept: number;
  /** Job stages reported by onDidProgress while the pipeline ran. */
  stages: string[];
  outputs: Response<'export.run'>['outputs'];
}

/**
 * The desktop app's main flow on the demo recipe (resources/samples/mix-export.recipe.json), over
 * any way of making calls: open the recipe, run the pipeline as a job (with progress and one
 * finish event), export the mix to `out` and read back what was written.
 */
export async function runDemoExport(host: Pick<ForkedHost, 'value' | 'nextEvent' | 'events'>, recipePath: string, out: string): Promise<DemoExport> {
  await host.value('recipe.open', { path: recipePath });
  const finished = host.nextEvent('onDidFinishJob', (payload) => (payload as { kind?: string }).kind === 'pipeline');
  const summary = await host.value('pipeline.run', {});
  const end = (await finished) as { outcome: string; jobId: number };
  if (end.outcome !== 'done') throw new Error(`the pipeline job ended ${end.outcome}`);
  const stages = host.events.filter((event) => event.name === 'onDidProgress' && (event.payload as { jobId: number }).jobId === end.jobId).map((event) => (event.payload as { stage: string }).stage);
  const exported = await host.value('export.run', { options: { out } });
  return { records: summary.records, kept: summary.kept, stages: [...new Set(stages)], outputs: exported.outputs };
}
