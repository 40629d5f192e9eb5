import { contextBridge, ipcRenderer } from 'electron';
import { buildBridge, type AgentMixBridge } from '../../shared/api/bridge';
import { PortClient } from '../../shared/api/port-client';
import { SHELL_CHANNELS } from '../../shared/api/shell-channels';

/**
 * Builds `window.agentmix` from the contract's names over a MessagePort straight to the engine
 * host (docs/ARCHITECTURE.md, "Processes"): the page asks the shell for the port at every load,
 * and calls made before it arrives wait for it. No logic and no raw ipcRenderer or port reach the
 * page; the engine host parses every request.
 */
const client = new PortClient();

ipcRenderer.on(SHELL_CHANNELS.port, (event) => {
  const [port] = event.ports;
  if (!port) return;
  port.onmessage = (message: MessageEvent) => client.receive(message.data);
  // Electron's MessagePort has a close event (the host stopped; the shell restarts it and reloads the page).
  port.addEventListener('close', () => client.detach('The AgentMix engine stopped; it is being restarted.'));
  client.attach((frame) => port.postMessage(frame));
});
ipcRenderer.send(SHELL_CHANNELS.connect);

contextBridge.exposeInMainWorld('agentmix', buildBridge(client.invoke, client.subscribe) satisfies AgentMixBridge);

/** The little of the DOM the click report needs (the preload is type-checked without the DOM library). */
interface ClickEvent {
  isTrusted: boolean;
  target: { closest?: (selector: string) => { href?: unknown } | null } | null;
}

// A user's click on a web link (isTrusted: no script can fake one) is reported to the shell, which
// opens only links so clicked in the system browser (docs/security.md, "Electron").
const reportClick = (event: ClickEvent): void => {
  const href = event.isTrusted ? event.target?.closest?.('a[href]')?.href : undefined;
  if (typeof href === 'string' && /^https?:/.test(href)) ipcRenderer.send(SHELL_CHANNELS.linkClicked, href);
};
const page = globalThis as unknown as { addEventListener(type: 'click' | 'auxclick', listener: (event: ClickEvent) => void, capture: boolean): void };
page.addEventListener('click', reportClick, true);
page.addEventListener('auxclick', reportClick, true);
