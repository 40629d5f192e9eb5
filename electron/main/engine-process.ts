import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { hostMessageSchema, type DialogRequest, type HostSettings } from '../../shared/api/host-protocol';
import type { MenuCommand } from './menu';

/** Restarts after a crash, at most this many times per session (a host that keeps crashing is not restarted forever). */
const MAX_RESTARTS = 3;

/** Options of {@link EngineProcess}. */
export interface EngineProcessOptions {
  /** The compiled engine host (out/engine/host.mjs, unpacked when packaged). */
  modulePath: string;
  settings: HostSettings;
  /** Shows the native dialog the host asks for and resolves to its answer. */
  showDialog(request: DialogRequest): Promise<unknown>;
  /** The host crashed and was started again (fresh, with nothing open): reload the windows so that they reconnect. */
  onRestart(): void;
  /** The host crashed too often: give up. */
  onGiveUp(message: string): void;
}

/**
 * The engine host in an Electron utility process (docs/ARCHITECTURE.md, "Processes"): the shell
 * starts it, hands each window a MessagePort straight to it, forwards menu commands and answers
 * its dialog requests. No engine code and no contract call runs in the main process.
 */
export class EngineProcess {
  private child: UtilityProcess;
  private stopping = false;
  private restarts = 0;

  constructor(private readonly options: EngineProcessOptions) {
    this.child = this.start(options.settings);
  }

  private start(settings: HostSettings): UtilityProcess {
    const child = utilityProcess.fork(this.options.modulePath, [], { serviceName: 'AgentMix engine', stdio: 'inherit' });
    child.postMessage({ type: 'init', settings });
    child.on('message', (message: unknown) => void this.receive(child, message));
    child.on('exit', (code) => this.exited(child, code));
    return child;
  }

  private async receive(child: UtilityProcess, raw: unknown): Promise<void> {
    const parsed = hostMessageSchema.safeParse(raw);
    if (!parsed.success) return console.error('AgentMix: ignored a message from the engine host that is not part of the protocol');
    const message = parsed.data;
    if (message.type === 'opened' && !message.ok) console.error(`AgentMix: could not open the start-up sources: ${message.message}`);
    if (message.type !== 'dialog') return;
    let answer: unknown;
    try {
      answer = await this.options.showDialog(message.request);
    } catch (error) {
      console.error('AgentMix: the native dialog failed:', error);
      answer = message.request.op === 'openFiles' ? [] : null;
    }
    child.postMessage({ type: 'dialog-answer', id: message.id, answer });
  }

  private exited(child: UtilityProcess, code: number): void {
    if (child !== this.child || this.stopping) return;
    if (this.restarts >= MAX_RESTARTS) return this.options.onGiveUp(`The AgentMix engine stopped unexpectedly (exit code ${code}) ${MAX_RESTARTS + 1} times.`);
    this.restarts++;
    console.error(`AgentMix: the engine host stopped unexpectedly (exit code ${code}); starting it again`);
    this.child = this.start({ ...this.options.settings, open: 'nothing' });
    this.options.onRestart();
  }

  /** Connects a window's page to the host: one end of a new channel to each. */
  connect(contents: WebContents): void {
    const { port1, port2 } = new MessageChannelMain();
    this.child.postMessage({ type: 'connect' }, [port2]);
    contents.postMessage('agentmix:port', null, [port1]);
  }

  /** Forwards a menu command (the renderer runs it: onDidRequestCommand). */
  command(command: MenuCommand): void {
    this.child.postMessage({ type: 'command', command });
  }

  /** Asks the host to cancel its jobs and exit. */
  stop(): void {
    this.stopping = true;
    this.child.postMessage({ type: 'stop' });
  }
}
