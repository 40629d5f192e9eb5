import { parentMessageSchema, type DialogRequest, type HostMessage, type HostSettings } from '../../shared/api/host-protocol';
import type { SocketServerFrame } from '../../shared/api/wire';
import { createHostApi, type HostApi } from '../engine/api/host-api';
import type { NativeDialogs } from '../engine/api/services';
import { connectClient, type ClientConnection } from './client-port';

/**
 * The engine host (docs/ARCHITECTURE.md, "Processes"): one engine, served to every client port
 * the parent hands over, with native dialogs asked of the parent. The same code runs in the
 * desktop app's Electron utility process and in a Node child (tests, the packaging test); only the
 * channel to the parent differs (electron/host/entries/host.ts picks it).
 */

/** A port handed over by the parent (Electron's MessagePortMain, or an adapter). */
export interface TransferredPort {
  postMessage(frame: unknown): void;
  onMessage(listener: (frame: unknown) => void): void;
  onClose(listener: () => void): void;
}

/** The channel to the parent. */
export interface ParentChannel {
  send(message: HostMessage | SocketServerFrame): void;
  /** Messages from the parent, each with the port it carried, if any. */
  onMessage(listener: (message: unknown, port: TransferredPort | null) => void): void;
  /** The parent went away. */
  onClose(listener: () => void): void;
  exit(code: number): void;
}

/** Options of {@link runEngineHost}. */
export interface EngineHostOptions {
  /** The compiled worker entry (out/engine/worker.mjs beside the host). */
  workerUrl?: URL;
  /** Where unexpected errors and protocol problems are written (stderr). */
  log: (text: string) => void;
}

/** Dialogs answered by the parent: each request waits for the `dialog-answer` with its id. */
class ParentDialogs implements NativeDialogs {
  private nextId = 1;
  private readonly waiting = new Map<number, { request: DialogRequest; settle: (answer: unknown) => void; fail: (error: Error) => void }>();

  constructor(private readonly channel: ParentChannel) {}

  private ask(request: DialogRequest): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((settle, fail) => {
      this.waiting.set(id, { request, settle, fail });
      this.channel.send({ type: 'dialog', id, request });
    });
  }

  /** Takes the parent's answer; a malformed one fails the call that asked. */
  answer(id: number, answer: unknown): void {
    const entry = this.waiting.get(id);
    if (!entry) return;
    this.waiting.delete(id);
    const { op } = entry.request;
    const fits = op === 'openFiles' ? Array.isArray(answer) && answer.every((path) => typeof path === 'string') : op === 'saveFile' ? answer === null || typeof answer === 'string' : answer === null;
    if (fits) entry.settle(answer);
    else entry.fail(new Error(`the desktop shell answered the ${op} dialog with something that is not a ${op === 'openFiles' ? 'list of paths' : op === 'saveFile' ? 'path or null' : 'null'}`));
  }

  openFiles = async (options: Parameters<NativeDialogs['openFiles']>[0]): Promise<string[]> => (await this.ask({ op: 'openFiles', options })) as string[];
  saveFile = async (options: Parameters<NativeDialogs['saveFile']>[0]): Promise<string | null> => (await this.ask({ op: 'saveFile', options })) as string | null;
  reveal = async (path: string): Promise<void> => {
    await this.ask({ op: 'reveal', path });
  };
}

/** Opens what the settings ask for at start and tells the parent how it went. */
async function openAtStart(api: HostApi, settings: HostSettings, channel: ParentChannel): Promise<void> {
  if (settings.open === 'nothing') return;
  // Shards named on the command line are the user's grant, as a dialog's choice is (docs/security.md, "File access").
  if (settings.open !== 'demo') for (const shard of settings.open.shards) await api.services.access.grant(shard, 'command line').catch(() => undefined);
  const result = settings.open === 'demo' ? await api.call('recipe.openDemo', {}) : await api.call('sources.open', { paths: settings.open.shards });
  channel.send({ type: 'opened', ok: result.ok, message: result.ok ? null : result.error.message });
}

/** Runs the host on a parent channel until the parent says `stop` or goes away. */
export function runEngineHost(channel: ParentChannel, options: EngineHostOptions): void {
  let api: HostApi | null = null;
  let dialogs: ParentDialogs | null = null;
  let parentClient: ClientConnection | null = null;
  let stopping: Promise<void> | null = null;
  const onUnexpectedError = (name: string, error: unknown): void => options.log(`agentmix engine: ${name} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);

  const client = (running: HostApi, send: (frame: SocketServerFrame) => void): ClientConnection => connectClient({ handlers: running.handlers, hub: running.hub, send, onUnexpectedError });

  const stop = (): Promise<void> =>
    (stopping ??= (async () => {
      if (api) {
        for (const job of api.services.jobs.list()) api.services.jobs.cancel(job.jobId);
        await api.dispose();
      }
      channel.exit(0);
    })());

  channel.onClose(() => void stop());
  channel.onMessage((raw, port) => {
    const parsed = parentMessageSchema.safeParse(raw);
    if (!parsed.success) {
      options.log(`agentmix engine: ignored a message from the parent that is not part of the protocol (${parsed.error.issues[0]?.message ?? 'invalid'})\n`);
      return;
    }
    const message = parsed.data;
    if (message.type === 'stop') return void stop();
    if (message.type === 'init') {
      if (api) return options.log('agentmix engine: ignored a second init\n');
      const { settings } = message;
      dialogs = settings.dialogs ? new ParentDialogs(channel) : null;
      if (settings.testHold) options.log(`agentmix engine: a test hold is set: ${settings.testHold.kind} jobs wait after their "${settings.testHold.stage}" stage until they are canceled\n`);
      const running = createHostApi({
        host: { transport: 'ipc', version: settings.version, dataDir: settings.dataDir, demoDir: settings.demoDir, user: settings.user, dialogs },
        engine: { workers: settings.workers, workerUrl: options.workerUrl },
        onUnexpectedError,
        testHold: settings.testHold ?? null,
      });
      api = running;
      channel.send({ type: 'ready' });
      void openAtStart(running, settings, channel);
      return;
    }
    if (!api || stopping) {
      // Nothing is served before init or after stop: a port is closed, a call answered.
      if (message.type === 'call') channel.send({ type: 'result', id: message.id, result: { ok: false, error: { code: 'failed', message: 'the engine host is not running (no init yet, or stopping)' } } });
      return;
    }
    const running = api;
    switch (message.type) {
      case 'connect': {
        if (port === null) {
          parentClient ??= client(running, (frame) => channel.send(frame));
          return;
        }
        const connection = client(running, (frame) => port.postMessage(frame));
        port.onMessage((frame) => connection.receive(frame));
        port.onClose(() => connection.close());
        return;
      }
      case 'call':
        parentClient ??= client(running, (frame) => channel.send(frame));
        parentClient.receive(message);
        return;
      case 'command':
        running.hub.emit('onDidRequestCommand', { command: message.command });
        return;
      case 'dialog-answer':
        dialogs?.answer(message.id, message.answer);
        return;
    }
  });
}
