import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, openDesk, test } from './fixtures';

/**
 * The serve token never leaves the page (docs/security.md, "How the token flows"): not in a cookie
 * (which the browser would send to every port of 127.0.0.1), not in the address bar after the first
 * load, not in any request the page makes; and reopening the bare address in the same browser works
 * from the origin's storage.
 */

/** Another web server on 127.0.0.1 (another developer tool), recording what it receives. */
async function bystander(): Promise<{ server: Server; port: number; seen: { url: string; headers: IncomingHttpHeaders }[] }> {
  const seen: { url: string; headers: IncomingHttpHeaders }[] = [];
  const server = createServer((request, response) => {
    seen.push({ url: request.url ?? '', headers: request.headers });
    response.writeHead(200, { 'Content-Type': 'text/html; charset=utf-8' });
    response.end('<!doctype html><title>another tool</title><img src="/pixel.png">');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, port: (server.address() as AddressInfo).port, seen };
}

test('keeps the token out of cookies, URLs and other servers, and reopens from storage', async ({ page, context, serve }) => {
  const token = /#token=([\w-]+)/.exec(serve.url)?.[1] ?? '';
  expect(token).not.toBe('');
  const requested: string[] = [];
  context.on('request', (request) => requested.push(request.url()));
  const other = await bystander();
  try {
    await openDesk(page, serve);
    await expect(page.locator('body')).toHaveAttribute('data-connected', 'websocket');
    // Out of the address bar, into this origin's storage; no cookie at all.
    expect(page.url()).toBe(serve.url.replace(/#token=.*$/, ''));
    expect(await page.evaluate(() => window.localStorage.getItem('agentmix.serve-token'))).toBe(token);
    expect(await context.cookies()).toEqual([]);

    // Another server on 127.0.0.1 gets nothing of it, in any header or URL.
    const elsewhere = await context.newPage();
    await elsewhere.goto(`http://127.0.0.1:${other.port}/`);
    await expect(elsewhere).toHaveTitle('another tool');
    expect(other.seen.length).toBeGreaterThan(0);
    for (const request of other.seen) expect(JSON.stringify(request)).not.toContain(token);
    await elsewhere.close();

    // Reopening the bare address works from storage.
    const again = await context.newPage();
    await again.goto(serve.url.replace(/#token=.*$/, ''));
    await expect(again.locator('body')).toHaveAttribute('data-connected', 'websocket');
    await expect(again.locator('body')).toHaveAttribute('data-review-loaded', /\d+/);
    await again.close();

    // No request the browser made carried the token (the fragment is never sent).
    expect(requested.filter((url) => url.includes(token))).toEqual([]);
  } finally {
    other.server.close();
  }
});

test('says what to do when the stored token is not the running server\'s, and forgets it', async ({ page, serve }) => {
  const bare = serve.url.replace(/#token=.*$/, '');
  await page.goto(bare);
  await page.evaluate(() => window.localStorage.setItem('agentmix.serve-token', 'a-token-from-an-earlier-run-0000'));
  await page.reload();
  await expect(page.getByRole('alert').first()).toContainText('open the URL it printed');
  expect(await page.evaluate(() => window.localStorage.getItem('agentmix.serve-token'))).toBeNull();
  await page.goto(serve.url);
  await page.reload();
  await expect(page.locator('body')).toHaveAttribute('data-connected', 'websocket');
});
