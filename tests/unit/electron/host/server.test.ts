import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventHub } from '../../../../electron/engine/api/event-sink';
import type { Handlers } from '../../../../electron/engine/api/registry';
import { startServer, type RunningServer } from '../../../../electron/host/server';
import { BAD_TOKEN_CLOSE, WIRE_PROTOCOL } from '../../../../shared/api/wire';
import { makeApi } from '../engine/api/helpers';

let server: RunningServer;
let hub: EventHub;
let errors: string[];

/** A value nested `depth` arrays deep (JSON.parse builds it without recursion). */
function nested(depth: number): unknown {
  return JSON.parse(`${'['.repeat(depth)}${']'.repeat(depth)}`);
}

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'agentmix-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AgentMix Studio</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  hub = new EventHub();
  errors = [];
  const handlers = makeApi().handlers;
  // A handler whose answer nests past what JSON.stringify can walk (a record nested 10,000 deep).
  const deep: Handlers = { ...handlers, 'records.get': (() => ({ key: 'abcd1234:deep', value: nested(10_000) })) as unknown as Handlers['records.get'] };
  server = await startServer({ port: 0, rendererDir, handlers: deep, hub, token: 'secret-token-0123456789', onUnexpectedError: (name) => errors.push(name) });
});

afterAll(async () => {
  await server.close();
});

/** A raw HTTP GET (fetch would not let us set Host). */
function get(path: string, headers: Record<string, string> = {}): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest({ host: '127.0.0.1', port: server.port, path, headers: { host: `127.0.0.1:${server.port}`, ...headers } }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

/** Opens a socket with these subprotocols; resolves to it, or rejects with the HTTP status of a refused upgrade. */
function connect(protocols: string[], origin: string | null, host?: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api`, protocols, { ...(origin === null ? {} : { origin }), ...(host === undefined ? {} : { headers: { host } }) });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** The subprotocols of a page that holds the token. */
const withToken = (token = 'secret-token-0123456789'): string[] => [WIRE_PROTOCOL, `agentmix.token.${token}`];

/** Sends one call frame (an object, or the frame's JSON text with its id) and resolves to the result frame. */
function callOver(socket: WebSocket, frame: Record<string, unknown>, text?: string): Promise<{ id: number; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const parsed = JSON.parse(data.toString()) as { type: string; id: number };
      if (parsed.type !== 'result' || parsed.id !== frame['id']) return;
      socket.off('message', onMessage);
      resolve(parsed as never);
    };
    socket.on('message', onMessage);
    socket.send(text ?? JSON.stringify({ type: 'call', ...frame }));
  });
}

describe('the serve host over HTTP', () => {
  it('prints a 127.0.0.1 URL with the token in its fragment, which browsers never send', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/#token=secret-token-0123456789`);
  });

  it('serves the UI without a token and never sets a cookie, with a strict CSP', async () => {
    const page = await get('/');
    expect(page.status).toBe(200);
    expect(page.body).toContain('AgentMix Studio');
    expect(page.headers['set-cookie']).toBeUndefined();
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    expect(page.headers['referrer-policy']).toBe('no-referrer');
    expect((await get('/?token=secret-token-0123456789')).headers['set-cookie']).toBeUndefined();
    const asset = await get('/app.js');
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses other hosts (DNS rebinding), other methods, paths outside the renderer and bad percent-encoding', async () => {
    expect((await get('/', { host: 'evil.example:80' })).status).toBe(421);
    expect((await get('/..%2f..%2fetc%2fpasswd')).status).toBe(403);
    expect((await get('/%E0%A4%A')).status).toBe(400);
    expect((await get('/a%00b')).status).toBe(400);
    expect((await get('/missing.js')).status).toBe(404);
  });
});

describe('the serve host over the WebSocket', () => {
  const origin = () => `http://127.0.0.1:${server.port}`;

  it('refuses a socket from another origin, without an origin, without the wire protocol, or for another host', async () => {
    await expect(connect(withToken(), 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connect(withToken(), `http://127.0.0.1:${server.port + 1}`)).rejects.toThrow(/403/);
    await expect(connect(withToken(), null)).rejects.toThrow(/403/);
    await expect(connect([`agentmix.token.secret-token-0123456789`], origin())).rejects.toThrow(/400/);
    // A DNS-rebinding page has this server's address but its own name, so its Host and Origin are its own.
    await expect(connect(withToken(), origin(), `evil.example:${server.port}`)).rejects.toThrow(/421/);
  });

  it('closes a socket without this server\'s token before any call, with the code the page knows', async () => {
    for (const protocols of [[WIRE_PROTOCOL], withToken('not-the-token-0123456789')]) {
      const socket = await connect(protocols, origin());
      const code = await new Promise<number>((resolve) => socket.once('close', (value) => resolve(value)));
      expect(code).toBe(BAD_TOKEN_CLOSE);
    }
  });

  it('answers with the wire protocol only, never echoing the token', async () => {
    const socket = await connect(withToken(), origin());
    expect(socket.protocol).toBe(WIRE_PROTOCOL);
    socket.close();
  });

  it('answers calls, rejects bad payloads and forwards events', async () => {
    const socket = await connect(withToken(), origin());
    const info = await callOver(socket, { id: 1, name: 'app.info', request: {} });
    expect(info.result).toMatchObject({ ok: true, value: { name: 'AgentMix Studio' } });
    const bad = await callOver(socket, { id: 2, name: 'records.page', request: { offset: -1, limit: 5 } });
    expect(bad.result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const unknown = await callOver(socket, { id: 3, name: 'fs.readFile', request: { path: '/etc/passwd' } });
    expect(unknown.result).toMatchObject({ ok: false, error: { code: 'unknown-call' } });

    const event = new Promise((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    hub.emit('onDidRequestCommand', { command: 'showKeys' });
    await expect(event).resolves.toEqual({ type: 'event', name: 'onDidRequestCommand', payload: { command: 'showKeys' } });
    socket.close();
  });

  it('answers a call whose answer cannot be serialized with a failure naming the record, and goes on', async () => {
    const socket = await connect(withToken(), origin());
    const deep = await callOver(socket, { id: 1, name: 'records.get', request: { key: 'abcd1234:deep' } });
    expect(deep.result).toEqual({ ok: false, error: { code: 'failed', message: 'records.get: the answer for record abcd1234:deep cannot be sent: it nests too deeply to serialize' } });
    const deepText = `{"type": "call", "id": 2, "name": "review.sync", "request": {"entries": ${'['.repeat(10_000)}${']'.repeat(10_000)}}}`;
    const requested = await callOver(socket, { id: 2 }, deepText);
    expect(requested.result).toMatchObject({ ok: false, error: { code: 'bad-request', message: expect.stringMatching(/nests deeper than 4,112 levels/) } });
    await expect(callOver(socket, { id: 3, name: 'app.info', request: {} })).resolves.toMatchObject({ result: { ok: true } });
    socket.close();
  });

  it('closes a socket that sends something other than a call frame', async () => {
    const socket = await connect(withToken(), origin());
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('not json');
    await expect(closed).resolves.toBe(1003);
    const old = await connect(withToken(), origin());
    const refused = new Promise<number>((resolve) => old.once('close', (code) => resolve(code)));
    // The per-call token of earlier versions is not part of a call frame any more.
    old.send(JSON.stringify({ type: 'call', id: 1, token: 'secret-token-0123456789', name: 'app.info', request: {} }));
    await expect(refused).resolves.toBe(1008);
  });
});
