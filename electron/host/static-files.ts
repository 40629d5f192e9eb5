import { readFile, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';

/**
 * The built renderer over HTTP (docs/security.md, "How the token flows"). The files are the app's
 * own code and hold no data, so they need no token: that is what lets a bookmark of
 * `http://127.0.0.1:PORT/` open again, the page finding its token in its origin's storage. Every
 * request must name this server as its Host (no DNS rebinding), and every page carries a strict CSP.
 */

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

/** The Content-Security-Policy of every page: the renderer's own, with this server's socket. */
export function contentSecurityPolicy(port: number): string {
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

/** Answers with a short text and no caching. */
function refuse(response: ServerResponse, status: number, message: string): void {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
  response.end(`${message}\n`);
}

/** Serves one GET or HEAD of a file of the built renderer. */
export async function serveStatic(options: { request: IncomingMessage; response: ServerResponse; rendererDir: string; allowedHosts: readonly string[]; port: number }): Promise<void> {
  const { request, response } = options;
  const root = resolve(options.rendererDir);
  if (!options.allowedHosts.includes(request.headers.host ?? '')) return refuse(response, 421, 'AgentMix serves only 127.0.0.1 and localhost.');
  if (request.method !== 'GET' && request.method !== 'HEAD') return refuse(response, 405, 'Only GET and HEAD.');
  let relative: string;
  try {
    const { pathname } = new URL(request.url ?? '/', 'http://127.0.0.1');
    relative = decodeURIComponent(pathname === '/' ? '/index.html' : pathname);
  } catch {
    return refuse(response, 400, 'The path is not a valid URL path (bad percent-encoding).');
  }
  if (relative.includes('\0')) return refuse(response, 400, 'The path holds a NUL character.');
  const path = normalize(join(root, relative));
  if (path !== root && !path.startsWith(root + sep)) return refuse(response, 403, 'Outside the renderer folder.');
  let body: Buffer;
  try {
    if (!(await stat(path)).isFile()) return refuse(response, 404, 'Not found.');
    body = await readFile(path);
  } catch {
    return refuse(response, 404, 'Not found.');
  }
  response.writeHead(200, {
    'Content-Type': CONTENT_TYPES[extname(path)] ?? 'application/octet-stream',
    'Content-Length': String(body.length),
    'Content-Security-Policy': contentSecurityPolicy(options.port),
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    'Cache-Control': extname(path) === '.html' ? 'no-store' : 'private, max-age=3600',
  });
  response.end(request.method === 'HEAD' ? undefined : body);
}
