import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket as NodeWebSocket } from 'ws';
import { EventHub } from '../../../../electron/engine/api/event-sink';
import { startServer, type RunningServer } from '../../../../electron/host/server';
import { createSocketBridge, type ConnectionState } from '../../../../renderer/src/api/socket-bridge';
import { MAX_FRAME_BYTES, MAX_RECORD_TEXT_BYTES } from '../../../../shared/api/wire';
import { makeApi } from '../../electron/engine/api/helpers';

/**
 * The page's WebSocket bridge against the real server (docs/security.md, "Limits"): both sides
 * count the same UTF-8 bytes, so the page refuses a call the server would close the socket for,
 * and the server refuses a record text past its limit in bytes, not characters.
 */

let server: RunningServer;
const origin = (): string => `http://127.0.0.1:${server.port}`;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'agentmix-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html>');
  server = await startServer({ port: 0, rendererDir, handlers: makeApi().handlers, hub: new EventHub(), token: 'bridge-token-0123456789' });
  // The bridge uses the browser's WebSocket; ws's has the same event API (and lets the test set the Origin a browser would).
  const port = server.port;
  globalThis.WebSocket = class extends NodeWebSocket {
    constructor(url: string, protocols: string[]) {
      super(url, protocols, { origin: `http://127.0.0.1:${port}` });
    }
  } as unknown as typeof WebSocket;
});

afterAll(async () => {
  await server.close();
});

/** A bridge and the states it went through. */
function bridge(token: string | null) {
  const states: ConnectionState[] = [];
  const refused: string[] = [];
  const made = createSocketBridge({ url: `ws://127.0.0.1:${server.port}`, token, onState: (state) => states.push(state), onRefused: () => refused.push('refused') });
  return { made, states, refused };
}

describe('the socket bridge', () => {
  it('connects with the token as a subprotocol and makes calls', async () => {
    const { made, states } = bridge('bridge-token-0123456789');
    await expect(made['app.info']({})).resolves.toMatchObject({ ok: true, value: { name: 'AgentMix Studio' } });
    expect(states).toEqual(['connecting', 'open']);
    expect(origin()).toMatch(/^http:/);
  });

  it('refuses before sending a call whose frame is over the limit, and the socket stays usable', async () => {
    const { made, states } = bridge('bridge-token-0123456789');
    // 28 Mi CJK characters: 84 MiB of UTF-8, past the frame limit although far below 64 Mi characters.
    const text = '漢'.repeat(28 * 1024 * 1024);
    const result = await made['records.validate']({ key: 'abcd1234:r1', text });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/records\.validate: the request is 84\.0 MiB, over the 81\.0 MiB a call to agentmix serve may carry/) } });
    expect(MAX_FRAME_BYTES).toBe(81 * 1024 * 1024);
    await expect(made['app.info']({})).resolves.toMatchObject({ ok: true });
    expect(states).not.toContain('lost');
  });

  it('sends a record text that fits a frame, which the server refuses past its limit in UTF-8 bytes', async () => {
    const { made } = bridge('bridge-token-0123456789');
    // 14 Mi CJK characters: 42 MiB, over the 40 MiB a record text may have.
    const result = await made['records.validate']({ key: 'abcd1234:r1', text: '漢'.repeat(14 * 1024 * 1024) });
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringContaining(`at most ${MAX_RECORD_TEXT_BYTES / 1024 / 1024} MiB of UTF-8`) } });
  });

  it('stops and says so when the server does not take its token', async () => {
    const { made, states, refused } = bridge('a-token-of-another-run-000');
    const result = await made['app.info']({});
    expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('open the URL it printed') } });
    expect(states.at(-1)).toBe('refused');
    expect(refused).toEqual(['refused']);
    const none = bridge(null);
    await expect(none.made['app.info']({})).resolves.toMatchObject({ ok: false });
    expect(none.states).toEqual(['refused']);
  });

  it('reports a refused token as refused to a call made while connecting, with a browser\'s listener timing', async () => {
    // A browser drains microtasks between the listeners of one event; ws calls them back to back.
    // Run each listener in its own task, in order, as a browser does, so that a call waiting on the
    // socket could run between the bridge's listeners and see the state before the close is judged.
    const Plain = globalThis.WebSocket;
    globalThis.WebSocket = class extends Plain {
      private queue: Promise<void> = Promise.resolve();
      override addEventListener(type: string, listener: (event: Event) => void, options?: AddEventListenerOptions): void {
        const once = options?.once === true;
        let done = false;
        super.addEventListener(type, (event: Event) => {
          if (once && done) return;
          done = true;
          this.queue = this.queue.then(() => new Promise<void>((resolve) => setImmediate(() => (listener(event), resolve()))));
        });
      }
    } as unknown as typeof WebSocket;
    try {
      const { made, states } = bridge('a-token-of-another-run-000');
      const results = await Promise.all([made['app.info']({}), made['app.info']({})]);
      for (const result of results) expect(result).toMatchObject({ ok: false, error: { message: expect.stringContaining('open the URL it printed') } });
      expect(states.at(-1)).toBe('refused');
      expect(states).not.toContain('lost');
    } finally {
      globalThis.WebSocket = Plain;
    }
  });
});
