import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL } from '../../../../shared/api/wire';
import { REPO_ROOT } from '../../../helpers/data';

/**
 * A real client of a real `agentmix serve` (docs/security.md): the command spawned as a user runs
 * it, and a WebSocket that speaks the wire protocol, for the serve attack tests. Every wait is on
 * an event (a line of output, a frame, a close), never on time.
 */

/** A running `agentmix serve` child. */
export interface SpawnedServe {
  child: ChildProcess;
  port: number;
  token: string;
  /** The URL it printed. */
  url: string;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Resolves with the output once it matches `pattern` (rejects if serve exits first). */
  waitFor(pattern: RegExp): Promise<string>;
  /** Whether the process is still running. */
  alive(): boolean;
  /** SIGTERM, and resolves with the exit code. */
  stop(): Promise<number | null>;
}

/** A folder holding a stand-in for the built UI, so these tests run before `npm run build`. */
export function stubRenderer(): string {
  const dir = mkdtempSync(join(tmpdir(), 'agentmix-ui-'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>AgentMix Studio</title>');
  return dir;
}

/** Starts `agentmix serve --port 0 --workers 1 --data <dataDir> ...args` and resolves once it prints its URL. */
export async function spawnServe(args: string[], options: { dataDir: string; rendererDir?: string; env?: Record<string, string> }): Promise<SpawnedServe> {
  const child = spawn(process.execPath, ['bin/agentmix.mjs', 'serve', '--port', '0', '--workers', '1', '--data', options.dataDir, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, AGENTMIX_RENDERER_DIR: options.rendererDir ?? stubRenderer(), ...options.env },
  });
  let output = '';
  const waiters = new Set<() => void>();
  const onData = (chunk: Buffer): void => {
    output += chunk.toString();
    for (const waiter of [...waiters]) waiter();
  };
  child.stdout?.on('data', onData);
  child.stderr?.on('data', onData);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const waitFor = (pattern: RegExp): Promise<string> =>
    new Promise((resolve, reject) => {
      const check = (): void => {
        if (pattern.test(output)) {
          waiters.delete(check);
          resolve(output);
        }
      };
      waiters.add(check);
      check();
      void exited.then((code) => {
        if (!waiters.has(check)) return;
        waiters.delete(check);
        reject(new Error(`agentmix serve exited with code ${code} before printing ${pattern}:\n${output}`));
      });
    });
  const printed = await waitFor(/serving at (http:\/\/127\.0\.0\.1:(\d+)\/[?#]token=([\w-]+))/);
  const [, url, port, token] = /serving at (http:\/\/127\.0\.0\.1:(\d+)\/[?#]token=([\w-]+))/.exec(printed) as RegExpExecArray;
  return {
    child,
    port: Number(port),
    token,
    url,
    output: () => output,
    waitFor,
    alive: () => child.exitCode === null && child.signalCode === null,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
      return exited;
    },
  };
}

/** The answer to a call. */
export type CallResult = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string; denied?: string[] } };

/** A WebSocket client of a serve. */
export interface ServeClient {
  socket: WebSocket;
  /** Makes a call and resolves with its result envelope. */
  call(name: string, request: unknown): Promise<CallResult>;
  /** Sends a call frame written as text (`{"type": "call", "id": <id>, ...}`), for requests JSON.stringify cannot write; resolves with its result. */
  callText(id: number, text: string): Promise<CallResult>;
  /** Makes a call and resolves with its value, or rejects with its failure. */
  value<T = unknown>(name: string, request: unknown): Promise<T>;
  close(): Promise<void>;
}

/** The options of a socket that passes the server's checks (Origin this server, the token). */
export function socketOptions(serve: { port: number; token: string }): { url: string; protocols: string[]; options: { origin: string } } {
  return { url: `ws://127.0.0.1:${serve.port}/api`, protocols: [WIRE_PROTOCOL, `${TOKEN_PROTOCOL_PREFIX}${serve.token}`], options: { origin: `http://127.0.0.1:${serve.port}` } };
}

/** Opens an authenticated socket to a serve. */
export async function connectClient(serve: { port: number; token: string }): Promise<ServeClient> {
  const { url, protocols, options } = socketOptions(serve);
  const socket = new WebSocket(url, protocols, options);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
  let nextId = 1;
  const pending = new Map<number, (result: CallResult) => void>();
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { type: string; id?: number; result?: CallResult };
    if (frame.type === 'result' && frame.id !== undefined) {
      pending.get(frame.id)?.(frame.result as CallResult);
      pending.delete(frame.id);
    }
  });
  const call = (name: string, request: unknown): Promise<CallResult> =>
    new Promise((resolve) => {
      const id = nextId++;
      pending.set(id, resolve);
      socket.send(JSON.stringify({ type: 'call', id, name, request }));
    });
  const callText = (id: number, text: string): Promise<CallResult> =>
    new Promise((resolve) => {
      pending.set(id, resolve);
      socket.send(text);
    });
  return {
    socket,
    call,
    callText,
    value: async <T,>(name: string, request: unknown): Promise<T> => {
      const result = await call(name, request);
      if (!result.ok) throw new Error(`${name} failed: ${result.error.code}: ${result.error.message}`);
      return result.value as T;
    },
    close: () =>
      new Promise((resolve) => {
        if (socket.readyState === socket.CLOSED) return resolve();
        socket.once('close', () => resolve());
        socket.close();
      }),
  };
}
