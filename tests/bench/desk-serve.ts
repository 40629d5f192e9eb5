/**
 * A real `agentmix serve` for the review desk bench (docs/scale.md, "The review desk at 10M
 * records"): the compiled CLI in its own process, its resident set sampled from /proc, and a
 * WebSocket client that holds the printed token and makes the same calls as the page.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import WebSocket from 'ws';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../shared/api/wire';
import { REPO_ROOT } from '../helpers/data';

/** Resident set now and at its peak (VmRSS, VmHWM of /proc/PID/status), in bytes; null off Linux. */
export function residentSet(pid: number): { rss: number; peak: number } | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string): number => Number(new RegExp(`${name}:\\s+(\\d+) kB`).exec(status)?.[1] ?? 0) * 1024;
    return { rss: field('VmRSS'), peak: field('VmHWM') };
  } catch {
    return null;
  }
}

/** Milliseconds to a tenth. */
export const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Bytes in GB, to a hundredth. */
export const gb = (bytes: number): number => Math.round((bytes / 1e9) * 100) / 100;

/** A running serve. */
export interface BenchServe {
  child: ChildProcess;
  url: string;
  output(): string;
  /** Resolves when serve prints that it indexed its sources, with the milliseconds since spawn. */
  indexed: Promise<number>;
  /**
   * Serve's resident set (VmRSS) sampled every 200 ms: the highest sample since spawn, and since a
   * bench last set `phase` to 0 (the peak of one phase of its calls).
   */
  samples: { peak: number; phase: number };
  /** How serve ended ('exited with code 1', 'was killed by SIGKILL'), or null while it runs or once stopped. */
  exitReason(): string | null;
  /** Stops serve (if it runs) and the sampler, and removes its data directory. */
  stop(): Promise<void>;
}

/** Starts `agentmix serve --port 0` on `args` with a new data directory named by `prefix`; resolves once it prints its URL. */
export async function startBenchServe(prefix: string, args: string[]): Promise<BenchServe> {
  const started = performance.now();
  const dataDir = mkdtempSync(join(tmpdir(), prefix));
  const child = spawn(process.execPath, ['bin/agentmix.mjs', 'serve', '--port', '0', '--data', dataDir, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  let exitReason: string | null = null;
  let stopping = false;
  child.once('exit', (code, signal) => {
    if (!stopping) exitReason = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  });
  const samples = { peak: 0, phase: 0 };
  const sampler = setInterval(() => {
    const rss = residentSet(child.pid ?? 0)?.rss ?? 0;
    samples.peak = Math.max(samples.peak, rss);
    samples.phase = Math.max(samples.phase, rss);
  }, 200);
  let indexedAt: ((ms: number) => void) | null = null;
  const indexed = new Promise<number>((resolve) => (indexedAt = resolve));
  const stop = async (): Promise<void> => {
    stopping = true;
    clearInterval(sampler);
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    rmSync(dataDir, { recursive: true, force: true });
  };
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
      if (/Indexed \d+ records|could not open the sources/.test(output)) indexedAt?.(performance.now() - started);
    };
    child.stdout.on('data', onData);
    child.stderr.on('data', onData);
    child.once('exit', (code) => reject(new Error(`agentmix serve exited with code ${code}:\n${output}`)));
  }).catch(async (error: unknown) => {
    await stop();
    throw error;
  });
  return { child, url, output: () => output, indexed, samples, exitReason: () => exitReason, stop };
}

/** The last figures of a desk bench: serve's resident set at the end and at its peak, in GB. */
export interface ServeTail {
  rssSteadyGB: number;
  rssPeakGB: number;
}

/**
 * Ends a bench on its serve: reads serve's resident set now and its peak (the kernel's high-water
 * mark VmHWM or the highest 200 ms sample, whichever is higher), closes the client and stops serve.
 * A serve that ended on its own fails the bench, saying how it ended, with the end of its output.
 */
export async function finishServe(serve: BenchServe, client: BenchClient): Promise<ServeTail> {
  const reason = serve.exitReason();
  if (reason !== null) throw new Error(`agentmix serve ${reason} before the bench ended:\n${serve.output().slice(-2000)}`);
  const now = residentSet(serve.child.pid ?? 0);
  client.close();
  await serve.stop();
  return { rssSteadyGB: gb(now?.rss ?? 0), rssPeakGB: gb(Math.max(now?.peak ?? 0, serve.samples.peak)) };
}

/** A WebSocket client of a serve's API, as the page is. */
export class BenchClient {
  private nextId = 1;
  private readonly waiting = new Map<number, (result: { ok: boolean; value?: unknown; error?: { message: string } }) => void>();
  private readonly listeners: ((name: string, payload: unknown) => void)[] = [];

  private constructor(private readonly socket: WebSocket) {
    // A closed socket fails every waiting call rather than leaving it waiting.
    socket.on('close', (code) => {
      for (const settle of this.waiting.values()) settle({ ok: false, error: { message: `the socket closed (code ${code})` } });
      this.waiting.clear();
    });
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: never; name?: string; payload?: unknown };
      if (frame.type === 'result' && frame.id !== undefined) {
        this.waiting.get(frame.id)?.(frame.result as never);
        this.waiting.delete(frame.id);
      } else if (frame.type === 'event') for (const listener of this.listeners) listener(frame.name ?? '', frame.payload);
    });
  }

  /** Connects to the serve at `url` (the printed one, with its token). */
  static async connect(url: string): Promise<BenchClient> {
    const parsed = new URL(url);
    const token = new URLSearchParams(parsed.hash.slice(1)).get('token') ?? '';
    const socket = new WebSocket(`ws://${parsed.host}/api`, [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${token}`], { origin: parsed.origin, maxPayload: 128 * 1024 * 1024 });
    await new Promise((resolve, reject) => {
      socket.once('open', resolve);
      socket.once('error', reject);
    });
    return new BenchClient(socket);
  }

  /** Calls `name`; resolves to its value, rejects with its error. */
  async call<T = Record<string, unknown>>(name: string, request: unknown): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<{ ok: boolean; value?: unknown; error?: { message: string } }>((resolve) => this.waiting.set(id, resolve));
    this.socket.send(JSON.stringify({ type: 'call', id, name, request }));
    const result = await answer;
    if (!result.ok) throw new Error(`${name}: ${result.error?.message ?? 'failed'}`);
    return result.value as T;
  }

  /** Milliseconds a call takes, with its value. */
  async timed<T = Record<string, unknown>>(name: string, request: unknown): Promise<{ ms: number; value: T }> {
    const started = performance.now();
    const value = await this.call<T>(name, request);
    return { ms: performance.now() - started, value };
  }

  /** Resolves on the first event `name` whose payload `match` accepts. */
  event(name: string, match: (payload: unknown) => boolean = () => true): Promise<unknown> {
    return new Promise((resolve) => this.listeners.push((event, payload) => event === name && match(payload) && resolve(payload)));
  }

  close(): void {
    this.socket.close();
  }
}
