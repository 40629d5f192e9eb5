import { randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import { BAD_TOKEN_CLOSE, MAX_FRAME_BYTES, MAX_FRAME_DEPTH, nestsDeeperThan, socketCallSchema, TOKEN_PROTOCOL_PREFIX, WIRE_PROTOCOL, type SocketServerFrame } from '../../shared/api/wire';
import { dispatchCall } from '../engine/api/dispatch';
import type { EventHub } from '../engine/api/event-sink';
import type { Handlers } from '../engine/api/registry';
import { DEFAULT_LIMITS, type ServerLimits } from './server-limits';
import { serveStatic } from './static-files';

/**
 * `agentmix serve`: the built renderer over HTTP and the API over a WebSocket, on 127.0.0.1 only
 * (docs/security.md). The pages are public (they hold no data); the API needs the random token,
 * which the page keeps in its origin's storage and sends only as a WebSocket subprotocol, never in
 * a cookie (cookies ignore ports) or a URL the server sees. The WebSocket's Origin and every
 * request's Host must be this server, so another web page or a DNS-rebinding site cannot drive the
 * engine. No frame, however malformed, and no answer, however deep, stops the process.
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
  /** Timeouts and caps (tests shorten them); the defaults suit a person's browser. */
  limits?: Partial<ServerLimits>;
  /** Told about unexpected handler errors (with stacks, which never reach the browser). */
  onUnexpectedError?: (name: string, error: unknown) => void;
}

/** A running server. */
export interface RunningServer {
  /** The URL to open, with the token in its fragment (which the browser never sends). */
  url: string;
  port: number;
  token: string;
  /** Open WebSocket clients. */
  clients(): number;
  close(): Promise<void>;
}

/** The WebSocket endpoint. */
export const SOCKET_PATH = '/api';

/** Compares two tokens in constant time. */
function sameToken(given: string | null | undefined, token: string): boolean {
  if (!given) return false;
  const left = Buffer.from(given);
  const right = Buffer.from(token);
  return left.length === right.length && timingSafeEqual(left, right);
}

/** The subprotocols a handshake offers. */
function offeredProtocols(request: IncomingMessage): string[] {
  const header = request.headers['sec-websocket-protocol'];
  return (Array.isArray(header) ? header.join(',') : (header ?? '')).split(',').map((part) => part.trim()).filter(Boolean);
}

/** The token a handshake carries as its `agentmix.token.<token>` subprotocol, or null. */
function handshakeToken(request: IncomingMessage): string | null {
  const offered = offeredProtocols(request).find((protocol) => protocol.startsWith(TOKEN_PROTOCOL_PREFIX));
  return offered === undefined ? null : offered.slice(TOKEN_PROTOCOL_PREFIX.length);
}

/** What a call was about, to name it when its answer cannot be sent: the record key or path it names. */
function subjectOf(request: unknown): string {
  if (typeof request !== 'object' || request === null) return '';
  const { key, path } = request as { key?: unknown; path?: unknown };
  if (typeof key === 'string') return ` for record ${key.slice(0, 300)}`;
  if (typeof path === 'string') return ` for ${path.slice(0, 300)}`;
  return '';
}

/** Why a value could not be serialized, in words. */
function serializationReason(error: unknown): string {
  if (error instanceof RangeError) return 'it nests too deeply to serialize';
  return error instanceof Error ? error.message : String(error);
}

/** Starts the server and resolves once it listens. */
export async function startServer(options: ServerOptions): Promise<RunningServer> {
  const token = options.token ?? randomBytes(24).toString('base64url');
  const limits: ServerLimits = { ...DEFAULT_LIMITS, ...options.limits };
  let port = options.port;
  const allowedHosts = (): string[] => [`127.0.0.1:${port}`, `localhost:${port}`];
  const allowedOrigins = (): string[] => allowedHosts().map((host) => `http://${host}`);
  const onError = options.onUnexpectedError ?? (() => undefined);

  const server = createServer({ connectionsCheckingInterval: limits.checkIntervalMs, headersTimeout: limits.headersTimeoutMs, requestTimeout: limits.requestTimeoutMs }, (request, response) => {
    serveStatic({ request, response, rendererDir: options.rendererDir, allowedHosts: allowedHosts(), port }).catch((error: unknown) => {
      onError('http', error);
      if (!response.headersSent) response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
      response.end();
    });
  });
  // A connection that sends nothing, or stops sending, is closed; a WebSocket clears this (ws sets its socket's timeout to 0).
  server.timeout = limits.idleTimeoutMs;
  server.keepAliveTimeout = Math.min(server.keepAliveTimeout, limits.idleTimeoutMs);
  server.maxConnections = limits.maxConnections;
  server.on('clientError', (error: NodeJS.ErrnoException, socket: Duplex) => {
    // Malformed requests and timeouts: answer when the socket can still take it, then let it go.
    if (!socket.writable || error.code === 'ECONNRESET') return void socket.destroy();
    const status = error.code === 'ERR_HTTP_REQUEST_TIMEOUT' ? '408 Request Timeout' : error.code === 'HPE_HEADER_OVERFLOW' ? '431 Request Header Fields Too Large' : '400 Bad Request';
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
  });
  server.on('connection', (socket: Socket) => socket.on('error', () => socket.destroy()));

  const sockets = new WebSocketServer({
    noServer: true,
    maxPayload: MAX_FRAME_BYTES,
    // Answer with the wire protocol, never echo the token protocol back.
    handleProtocols: (protocols) => (protocols.has(WIRE_PROTOCOL) ? WIRE_PROTOCOL : false),
  });

  const reject = (socket: Duplex, status: string): void => {
    socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
    socket.destroy();
  };

  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    socket.on('error', () => socket.destroy());
    let pathname: string;
    try {
      pathname = new URL(request.url ?? '/', 'http://127.0.0.1').pathname;
    } catch {
      return reject(socket, '400 Bad Request');
    }
    if (pathname !== SOCKET_PATH) return reject(socket, '404 Not Found');
    if (!allowedHosts().includes(request.headers.host ?? '')) return reject(socket, '421 Misdirected Request');
    if (!allowedOrigins().includes(request.headers.origin ?? '')) return reject(socket, '403 Forbidden');
    if (!offeredProtocols(request).includes(WIRE_PROTOCOL)) return reject(socket, '400 Bad Request');
    if (sockets.clients.size >= limits.maxSockets) return reject(socket, '503 Service Unavailable');
    const authorized = sameToken(handshakeToken(request), token);
    sockets.handleUpgrade(request, socket, head, (client) => {
      // Our own page with a stale token (serve restarted): tell it, so it asks for the printed URL; it never gets a call through.
      if (!authorized) return client.close(BAD_TOKEN_CLOSE, 'not this server\'s token');
      sockets.emit('connection', client);
    });
  });

  sockets.on('connection', (client: WebSocket) => {
    let alive = true;
    client.on('pong', () => (alive = true));
    const heartbeat = setInterval(() => {
      // A socket that did not answer the last ping is gone, or too slow to be served: let it go.
      if (!alive) return client.terminate();
      alive = false;
      client.ping();
    }, limits.heartbeatMs);
    heartbeat.unref();
    // Invalid UTF-8, an unmasked frame, RSV1, a bad opcode or close code, an oversized message: ws closes the socket; the process goes on.
    client.on('error', () => client.terminate());
    /** Sends a frame; returns why it could not be serialized, or null once sent (or when the socket is gone). */
    const send = (frame: SocketServerFrame): string | null => {
      if (client.readyState !== client.OPEN) return null;
      let text: string;
      try {
        text = JSON.stringify(frame);
      } catch (error) {
        return serializationReason(error);
      }
      client.send(text);
      return null;
    };
    const stopListening = options.hub.listen((event, payload) => {
      const failed = send({ type: 'event', name: event, payload });
      if (failed !== null) onError(event, new Error(`the ${event} event could not be sent: ${failed}`));
    });
    client.on('close', () => {
      clearInterval(heartbeat);
      stopListening();
    });
    client.on('message', (data: Buffer, isBinary: boolean) => {
      let frame: unknown;
      try {
        if (isBinary) throw new Error('binary');
        frame = JSON.parse(data.toString('utf8'));
      } catch {
        client.close(1003, 'frames must be JSON text');
        return;
      }
      const call = socketCallSchema.safeParse(frame);
      if (!call.success) {
        client.close(1008, 'not a call frame');
        return;
      }
      const { id, name, request } = call.data;
      if (nestsDeeperThan(request, MAX_FRAME_DEPTH)) {
        send({ type: 'result', id, result: { ok: false, error: { code: 'bad-request', message: `${name}: the request nests deeper than ${MAX_FRAME_DEPTH.toLocaleString('en-US')} levels` } } });
        return;
      }
      void dispatchCall(options.handlers, name, request, { onUnexpectedError: options.onUnexpectedError }).then((result) => {
        const failed = send({ type: 'result', id, result });
        // An answer that cannot be serialized (a record nested past what JSON.stringify can walk) is a failure of that call, not of the server.
        if (failed !== null) send({ type: 'result', id, result: { ok: false, error: { code: 'failed', message: `${name}: the answer${subjectOf(request)} cannot be sent: ${failed}` } } });
      });
    });
  });

  await new Promise<void>((resolveListen, rejectListen) => {
    server.once('error', rejectListen);
    server.listen(options.port, '127.0.0.1', () => {
      server.off('error', rejectListen);
      resolveListen();
    });
  });
  server.on('error', (error) => onError('server', error));
  port = (server.address() as AddressInfo).port;

  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    port,
    token,
    clients: () => sockets.clients.size,
    close: async () => {
      for (const client of sockets.clients) client.terminate();
      sockets.close();
      const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()));
      server.closeAllConnections();
      await closed;
    },
  };
}
