import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { serveCommand } from '../../../../electron/host/commands/serve';
import { dataFile } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

/** Captured output of one serve run. */
function capture(stopped: Promise<void> = Promise.resolve()) {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { stdout: (text: string) => out.push(text), stderr: (text: string) => err.push(text), stopped }, out, err };
}

describe('agentmix serve', () => {
  // A stand-in for the built UI, so these tests do not depend on `npm run build` having run.
  const previous = process.env['AGENTMIX_RENDERER_DIR'];
  beforeAll(() => {
    const dir = mkdtempSync(join(tmpdir(), 'agentmix-ui-'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>AgentMix Studio</title>');
    process.env['AGENTMIX_RENDERER_DIR'] = dir;
  });
  afterAll(() => {
    if (previous === undefined) delete process.env['AGENTMIX_RENDERER_DIR'];
    else process.env['AGENTMIX_RENDERER_DIR'] = previous;
  });

  it('says how to build the UI when it is missing', async () => {
    const saved = process.env['AGENTMIX_RENDERER_DIR'];
    process.env['AGENTMIX_RENDERER_DIR'] = mkdtempSync(join(tmpdir(), 'agentmix-no-ui-'));
    try {
      const run = capture();
      expect(await serveCommand(['--port', '0'], run.io)).toBe(2);
      expect(run.err.join('')).toMatch(/the built UI is missing .*Run `npm run build` first/);
    } finally {
      process.env['AGENTMIX_RENDERER_DIR'] = saved;
    }
  });

  it('prints its usage, and refuses bad arguments with exit code 2', async () => {
    const help = capture();
    expect(await serveCommand(['--help'], help.io)).toBe(0);
    expect(help.out.join('')).toMatch(/Usage: agentmix serve/);
    const port = capture();
    expect(await serveCommand(['--port', 'eighty'], port.io)).toBe(2);
    expect(port.err.join('')).toMatch(/--port takes a number from 0 to 65535, not "eighty"/);
    const workers = capture();
    expect(await serveCommand(['--workers', '0'], workers.io)).toBe(2);
    const unknown = capture();
    expect(await serveCommand(['--host', '0.0.0.0'], unknown.io)).toBe(2);
    expect(unknown.err.join('')).toMatch(/Unknown option '--host'/);
  });

  it('says when the port is taken', async () => {
    const blocker = createServer();
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve));
    const address = blocker.address();
    const taken = typeof address === 'object' && address !== null ? address.port : 0;
    const run = capture();
    try {
      expect(await serveCommand(['--port', String(taken), '--data', mkdtempSync(join(tmpdir(), 'agentmix-serve-'))], run.io)).toBe(2);
      expect(run.err.join('')).toContain(`port ${taken} is in use; pick another with --port N`);
    } finally {
      blocker.close();
    }
  });

  itWithData('serves on a free port, indexes the shards it is given, and stops when asked', async () => {
    let stop: () => void = () => undefined;
    const stopped = new Promise<void>((resolve) => (stop = resolve));
    const run = capture(stopped);
    const done = serveCommand(['--port', '0', '--workers', '1', '--data', mkdtempSync(join(tmpdir(), 'agentmix-serve-')), dataFile('fastchat-sharegpt/dummy_conversation.json')], run.io);
    await expect.poll(() => run.out.join(''), { timeout: 30_000 }).toMatch(/Indexed 500 records from 1 sources/);
    expect(run.out.join('')).toMatch(/serving at http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]{20,}/);
    stop();
    expect(await done).toBe(0);
    expect(run.out.join('')).toMatch(/Stopping\.\n$/);
    expect(run.err).toEqual([]);
  });
});
