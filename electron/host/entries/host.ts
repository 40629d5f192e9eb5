/**
 * The engine host program, out/engine/host.mjs (docs/ARCHITECTURE.md, "Processes"). In the
 * desktop app it runs in an Electron utility process and talks to the shell over
 * `process.parentPort`; under Node (started with `child_process.fork`) it talks over the process
 * channel. It never imports electron: the utility process's parent port is duck-typed here.
 */
import { useWorkerEntry } from '../../engine/worker-entry';
import { runEngineHost, type ParentChannel, type TransferredPort } from '../engine-host';

/** Electron's MessagePortMain, as far as the host uses it. */
interface MessagePortMain {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown }) => void): void;
  on(event: 'close', listener: () => void): void;
  start(): void;
}

/** Electron's `process.parentPort` in a utility process. */
interface ParentPort {
  postMessage(message: unknown): void;
  on(event: 'message', listener: (event: { data: unknown; ports: MessagePortMain[] }) => void): void;
}

/** Adapts a MessagePortMain to what the host needs. */
function transferred(port: MessagePortMain): TransferredPort {
  const adapted: TransferredPort = {
    postMessage: (frame) => port.postMessage(frame),
    onMessage: (listener) => port.on('message', (event) => listener(event.data)),
    onClose: (listener) => port.on('close', listener),
  };
  port.start();
  return adapted;
}

/** The channel to the Electron shell. */
function electronChannel(parentPort: ParentPort): ParentChannel {
  return {
    send: (message) => parentPort.postMessage(message),
    onMessage: (listener) => parentPort.on('message', (event) => listener(event.data, event.ports[0] ? transferred(event.ports[0]) : null)),
    // The utility process ends with the app; there is no close event on the parent port.
    onClose: () => undefined,
    exit: (code) => process.exit(code),
  };
}

/** The channel to a Node parent (fork's IPC channel, with the "advanced" serialization for structured clones). */
function nodeChannel(): ParentChannel {
  return {
    send: (message) => process.send?.(message),
    onMessage: (listener) => process.on('message', (message) => listener(message, null)),
    onClose: (listener) => process.on('disconnect', listener),
    exit: (code) => {
      process.exitCode = code;
      if (process.connected) process.disconnect();
    },
  };
}

useWorkerEntry(new URL('./worker.mjs', import.meta.url));
const parentPort = (process as unknown as { parentPort?: ParentPort }).parentPort;
if (parentPort) runEngineHost(electronChannel(parentPort), { log: (text) => process.stderr.write(text) });
else if (process.send) runEngineHost(nodeChannel(), { log: (text) => process.stderr.write(text) });
else {
  process.stderr.write('agentmix engine host: start me from the desktop app (a utility process) or with child_process.fork; for the command line, run `agentmix`.\n');
  process.exitCode = 2;
}
