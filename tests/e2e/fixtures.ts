import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import { test as base, expect, type Page } from '@playwright/test';
import { REPO_ROOT } from '../helpers/data';

/**
 * The e2e fixture (docs/CONTRIBUTING.md, "House rules"): every test gets its own `agentmix serve` on a
 * free port with a temporary data folder, and a page that waits on the app's named milestones
 * (`data-*` on <body>, see renderer/src/app/milestones.ts), never on fixed sleeps.
 */

/** A running `agentmix serve`. */
export interface Serve {
  url: string;
  dataDir: string;
  /** Everything serve printed, for failure messages. */
  output(): string;
}

/** Starts serve and resolves once it prints its URL. */
export async function startServe(options: { args?: string[]; dataDir: string; env?: Record<string, string> }): Promise<{ serve: Serve; stop: () => Promise<void> }> {
  const child: ChildProcess = spawn(process.execPath, ['bin/agentmix.mjs', 'serve', '--port', '0', '--workers', '1', '--data', options.dataDir, ...(options.args ?? [])], { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } });
  let output = '';
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      const match = /serving at (http:\/\/\S+)/.exec(output);
      if (match) resolve(match[1]);
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('exit', (code) => reject(new Error(`agentmix serve exited with code ${code} before serving:\n${output}`)));
  });
  const stop = async (): Promise<void> => {
    if (child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  };
  return { serve: { url, dataDir: options.dataDir, output: () => output }, stop };
}

/** Problems the page reported: uncaught errors and Content-Security-Policy violations. */
export interface PageProblems {
  list: string[];
}

/** Options a spec sets with `test.use`. */
export interface ServeOptions {
  /** Files to write into the data folder before serve starts, by name. */
  files: Record<string, string>;
  /** Shards to open instead of the demo: absolute paths, or names in the data folder. */
  shards: string[];
  /** Extra environment for serve, e.g. the test hold `AGENTMIX_TEST_HOLD` (docs/CONTRIBUTING.md). */
  serveEnv: Record<string, string>;
}

export const test = base.extend<ServeOptions & { serve: Serve; problems: PageProblems; dataDir: string }>({
  files: [{}, { option: true }],
  shards: [[], { option: true }],
  serveEnv: [{}, { option: true }],
  // eslint-disable-next-line no-empty-pattern -- Playwright reads the fixtures a fixture needs from this pattern; this one needs none.
  dataDir: async ({}, use) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-e2e-'));
    await use(dataDir);
    rmSync(dataDir, { recursive: true, force: true });
  },
  serve: async ({ files, shards, dataDir, serveEnv }, use) => {
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dataDir, name), text);
    const { serve, stop } = await startServe({ dataDir, args: shards.map((path) => (isAbsolute(path) ? path : join(dataDir, path))), env: serveEnv });
    await use(serve);
    await stop();
  },
  problems: [async ({ page }, use) => {
    const problems: PageProblems = { list: [] };
    // With the stack: where in the bundle the rejection was left unhandled.
    page.on('pageerror', (error) => problems.list.push(`page error: ${error.stack ?? error.message}`));
    page.on('console', (message) => {
      if (message.type() === 'error' && /Content Security Policy|Refused to/.test(message.text())) problems.list.push(`CSP: ${message.text()}`);
    });
    await use(problems);
    expect(problems.list, 'the page reported errors or CSP violations').toEqual([]);
  }, { auto: true }],
});

export { expect };

/** Records of the demo recipe the app opens on start (resources/samples/SOURCES.md): 71 + 7 + 347 + 38. */
export const DEMO_RECORDS = 463;

/** Opens the desk and waits until the grid holds `rows` rows (the `gridRows` milestone). */
export async function openDesk(page: Page, serve: Serve, rows?: number): Promise<void> {
  await page.goto(serve.url);
  await expect(page.locator('body')).toHaveAttribute('data-review-loaded', /\d+/);
  if (rows !== undefined) await expect(page.locator('body')).toHaveAttribute('data-grid-rows', String(rows), { timeout: 60_000 });
}

/** A regular expression matching exactly `text`. */
function exactly(text: string): RegExp {
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

/** The Id cell of a record in the grid. */
export function gridCell(page: Page, id: string) {
  return page.locator('[role="gridcell"][col-id="id"]', { hasText: exactly(id) });
}

/** The Review cell of a record in the grid. */
export function reviewCell(page: Page, id: string) {
  return page.locator('[role="row"]', { has: gridCell(page, id) }).locator('[col-id="review"]');
}

/** Waits until the viewer shows a record whose key ends with `:<id>`. */
export async function expectRecord(page: Page, id: string): Promise<void> {
  await expect(page.getByTestId('viewer')).toHaveAttribute('data-key', new RegExp(`:${exactly(id).source.slice(1)}`));
}
