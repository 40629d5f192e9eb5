import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { socketCallSchema, type SocketServerFrame } from '../../shared/api/wire';
import { dispatchCall } from '../engine/api/dispatch';
import type { EventHub } from '../engine/api/event-sink';
import type { Handlers } from '../engine/api/registry';

/**
 * `agentmix serve`: the built renderer over HTTP and the API over a WebSocket, on 127.0.0.1 only.
 * A random token, printed in the URL, must come with every request (in the URL, or in the cookie
 * the first page load sets), and the WebSocket's Origin and every request's Host must be this
 * server, so another web page or a DNS-rebinding site cannot drive the engine.
 */

/** Options of {@link startServer}. */
export interface ServerOptions {
  /** 0 picks a free port. */
  port: number;
  /** The built renderer (out/renderer). */
  rendererDir: string;
  handlers: Handlers;
  hub: EventHub;
  /** The token; a random one by default. */
  token?: string;
  /** Told about unexpected handler errors (with stacks, which never reach the browser). */
  onUnexpectedError?: (name: string, error: unknown) => void;
}

/** A running server. */
export interface RunningServer {
  /** The URL to open, with the token. */
  url: string;
  port: number;
  token: string;
  close(): Promise<void>;
}

/** The WebSocket endpoint. */
export const SOCKET_PATH = '/api';

/** The cookie that carries the token after the first page load. */
const TOKEN_COOKIE = 'agentmix_token';

/** Messages up to this size: a raw-JSON edit of a very long record (records.validate allows 64 MB). */
const MAX_MESSAGE_BYTES = 80 * 1024 * 1024;

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.ttf': 'font/ttf',
  '.woff': 'font/woff',
  '.woff2': 'font/woff2',
  '.map': 'application/json; charset=utf-8',
};

/** Compares two tokens in constant time. */
function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(token);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The token a request carries in its query or its cookie. */
function requestToken(request: IncomingMessage): string | null {
  const url = new URL(request.url ?? '/', 'http://127.0.0.1');
  const fromQuery = url.searchParams.get('token');
  if (fromQuery) return fromQuery;
  const cookie = (request.headers.cookie ?? '').split(';').map((part) => part.trim().split('=')).find(([name]) => name === TOKEN_COOKIE);
  return cookie?.[1] ?? null;
}

/** The Content-Security-Policy of every page: the renderer's own, with this server's socket. */
function contentSecurityPolicy(port: number): string {
  return [
    "default-src 'self'",
    "script-src 'self'",
    // AG Grid and Monaco inject style elements at run time; scripts stay strict (no 'unsafe-eval').
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    "worker-src 'self' blob:",
    `connect-src 'self' ws://127.0.0.1:${port} ws://localhost:${port}`,
    "object-src 'none'",
    "base-uri 'none'",
    "frame-ancestors 'none'",
    "form-action 'none'",
  ].join('; ');
}

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const root = resolve(options.rendererDir);
  let port = options.port;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((host) => `http://${host}`);

  const refuse = (response: ServerResponse, status: number, message: string): void => {
    response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' });
    response.end(`${message}\n`);
  };

  const serveFile = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    if (!allowedHosts().includes(request.headers.host ?? '')) return refuse(response, 421, 'AgentMix serves only 127.0.0.1 and localhost.');
    if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Only GET and HEAD.');
    const given = requestToken(request);
    if (!sameToken(given, token)) return refuse(response, 403, 'This AgentMix server needs the token from the URL it printed when it started (…/?token=…).');
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    const relative = decodeURIComponent(url.pathname === '/' ? '/index.html' : url.pathname);
    const path = normalize(join(root, relative));
    if (path !== root && !path.startsWith(root + sep)) return refuse(response, 403, 'Outside the renderer folder.');
    let body: Buffer;
    try {
      if (!(await stat(path)).isFile()) return refuse(response, 404, 'Not found.');
      body = await readFile(path);
    } catch {
      return refuse(response, 404, 'Not found.');
    }
    const headers: Record<string, string> = {
      'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
      'Content-Length': String(body.length),
      'Content-Security-Policy': contentSecurityPolicy(port),
      'X-Content-Type-Options': 'nosniff',
      'Referrer-Policy': 'no-referrer',
      'Cache-Control': extname(path) === '.html' ? 'no-store' : 'private, max-age=3600',
    };
    if (url.searchParams.has('token')) headers['Set-Cookie'] = `${TOKEN_COOKIE}=${token}; HttpOnly; SameSite=Strict; Path=/`;
    response.writeHead(200, headers);
    response.end(request.method === 'HEAD' ? undefined : body);
  };

  const server = createServer((request, response) => {
    serveFile(request, response).catch(() => refuse(response, 500, 'Internal error.'));
  });
  const sockets = new WebSocketServer({ noServer: true, maxPayload: MAX_MESSAGE_BYTES });

  const reject = (socket: Duplex, status: string): void => {
    socket.write(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  server.on('upgrade', (request, socket, head) => {
    const url = new URL(request.url ?? '/', 'http://127.0.0.1');
    if (url.pathname !== SOCKET_PATH) return reject(socket, '404 Not Found');
    if (!allowedHosts().includes(request.headers.host ?? '')) return reject(socket, '421 Misdirected Request');
    if (!allowedOrigins().includes(request.headers.origin ?? '')) return reject(socket, '403 Forbidden');
    if (!sameToken(requestToken(request), token)) return reject(socket, '403 Forbidden');
    sockets.handleUpgrade(request, socket, head, (client) => sockets.emit('connection', client));
  });

  sockets.on('connection', (client: WebSocket) => {
    const send = (frame: SocketServerFrame): void => {
      if (client.readyState === client.OPEN) client.send(JSON.stringify(frame));
    };
    const stopListening = options.hub.listen((event, payload) => send({ type: 'event', name: event, payload }));
    client.on('close', stopListening);
    client.on('message', (data) => {
      let frame: unknown;
      try {
        frame = JSON.parse(data.toString());
      } catch {
        client.close(1003, 'frames must be JSON');
        return;
      }
      const call = socketCallSchema.safeParse(frame);
      if (!call.success) {
        client.close(1008, 'not a call frame');
        return;
      }
      if (!sameToken(call.data.token, token)) {
        send({ type: 'result', id: call.data.id, result: { ok: false, error: { code: 'bad-request', message: 'the call does not carry this server\'s token' } } });
        return;
      }
      void dispatchCall(options.handlers, call.data.name, call.data.request, { onUnexpectedError: options.onUnexpectedError }).then((result) => send({ type: 'result', id: call.data.id, result }));
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    port,
    token,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      server.closeAllConnections();
      await closed;
    },
  };
}
