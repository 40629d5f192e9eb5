import { mkdtempSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { EventHub } from '../../../../electron/engine/api/event-sink';
import { startServer, type RunningServer } from '../../../../electron/host/server';
import { makeApi } from '../engine/api/helpers';

let server: RunningServer;
let hub: EventHub;

beforeAll(async () => {
  const rendererDir = mkdtempSync(join(tmpdir(), 'agentmix-renderer-'));
  writeFileSync(join(rendererDir, 'index.html'), '<!doctype html><title>AgentMix Studio</title>');
  writeFileSync(join(rendererDir, 'app.js'), 'console.log(1)');
  hub = new EventHub();
  server = await startServer({ port: 0, rendererDir, handlers: makeApi().handlers, hub, token: 'secret-token' });
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

/** Opens a socket; resolves to it, or rejects with the HTTP status of a refused upgrade. */
function connect(query: string, origin: string | null): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const socket = new WebSocket(`ws://127.0.0.1:${server.port}/api${query}`, origin === null ? {} : { origin });
    socket.once('open', () => resolve(socket));
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
}

/** Sends one call frame and resolves to the result frame. */
function callOver(socket: WebSocket, frame: Record<string, unknown>): Promise<{ id: number; result: { ok: boolean; value?: unknown; error?: { code: string; message: string } } }> {
  return new Promise((resolve) => {
    const onMessage = (data: Buffer): void => {
      const parsed = JSON.parse(data.toString()) as { type: string; id: number };
      if (parsed.type !== 'result' || parsed.id !== frame['id']) return;
      socket.off('message', onMessage);
      resolve(parsed as never);
    };
    socket.on('message', onMessage);
    socket.send(JSON.stringify({ type: 'call', token: 'secret-token', ...frame }));
  });
}

describe('the serve host over HTTP', () => {
  it('prints a 127.0.0.1 URL with the token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=secret-token`);
  });

  it('refuses pages without the token, and serves them with it, setting a strict cookie and CSP', async () => {
    expect((await get('/')).status).toBe(403);
    expect((await get('/?token=wrong')).status).toBe(403);
    const page = await get('/?token=secret-token');
    expect(page.status).toBe(200);
    expect(page.body).toContain('AgentMix Studio');
    expect(page.headers['set-cookie']?.[0]).toMatch(/^agentmix_token=secret-token; HttpOnly; SameSite=Strict/);
    expect(page.headers['content-security-policy']).toMatch(/script-src 'self';/);
    expect(page.headers['content-security-policy']).not.toMatch(/unsafe-eval/);
    const asset = await get('/app.js', { cookie: 'agentmix_token=secret-token' });
    expect(asset).toMatchObject({ status: 200, body: 'console.log(1)' });
    expect(asset.headers['content-type']).toMatch(/^text\/javascript/);
  });

  it('refuses other hosts (DNS rebinding) and paths outside the renderer', async () => {
    expect((await get('/?token=secret-token', { host: 'evil.example:80' })).status).toBe(421);
    expect((await get('/..%2f..%2fetc%2fpasswd?token=secret-token')).status).toBe(403);
    expect((await get('/missing.js?token=secret-token')).status).toBe(404);
  });
});

describe('the serve host over the WebSocket', () => {
  const origin = () => `http://127.0.0.1:${server.port}`;

  it('refuses a socket from another origin, or without the token', async () => {
    await expect(connect('?token=secret-token', 'http://evil.example')).rejects.toThrow(/403/);
    await expect(connect('?token=secret-token', null)).rejects.toThrow(/403/);
    await expect(connect('', origin())).rejects.toThrow(/403/);
    await expect(connect('?token=nope', origin())).rejects.toThrow(/403/);
  });

  it('answers calls, rejects bad payloads and calls without the token, and forwards events', async () => {
    const socket = await connect('?token=secret-token', origin());
    const info = await callOver(socket, { id: 1, name: 'app.info', request: {} });
    expect(info.result).toMatchObject({ ok: true, value: { name: 'AgentMix Studio' } });
    const bad = await callOver(socket, { id: 2, name: 'records.page', request: { offset: -1, limit: 5 } });
    expect(bad.result).toMatchObject({ ok: false, error: { code: 'bad-request' } });
    const unknown = await callOver(socket, { id: 3, name: 'fs.readFile', request: { path: '/etc/passwd' } });
    expect(unknown.result).toMatchObject({ ok: false, error: { code: 'unknown-call' } });
    const noToken = await callOver(socket, { id: 4, name: 'app.info', request: {}, token: 'wrong' });
    expect(noToken.result).toMatchObject({ ok: false, error: { message: expect.stringMatching(/token/) } });

    const event = new Promise((resolve) => socket.once('message', (data: Buffer) => resolve(JSON.parse(data.toString()))));
    hub.emit('onDidRequestCommand', { command: 'showKeys' });
    await expect(event).resolves.toEqual({ type: 'event', name: 'onDidRequestCommand', payload: { command: 'showKeys' } });
    socket.close();
  });

  it('closes a socket that sends something other than a call frame', async () => {
    const socket = await connect('?token=secret-token', origin());
    const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
    socket.send('not json');
    await expect(closed).resolves.toBe(1003);
  });
});
