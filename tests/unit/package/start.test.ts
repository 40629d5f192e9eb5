import { spawn } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../helpers/data';

/**
 * `npm start` (bin/start.mjs) always starts something: without an Electron binary it says why in
 * one line and serves the app on the demo. ELECTRON_OVERRIDE_DIST_PATH pointing at an empty folder
 * stands for "no binary", on any machine, without trying a download.
 */
describe('npm start without an Electron binary', () => {
  it('says so in one line, then serves the demo with its URL printed', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, ELECTRON_OVERRIDE_DIST_PATH: mkdtempSync(join(tmpdir(), 'agentmix-no-electron-')) };
    // No display: no --open, so the test starts no browser.
    delete env['DISPLAY'];
    delete env['WAYLAND_DISPLAY'];
    const child = spawn(process.execPath, [join(REPO_ROOT, 'bin/start.mjs'), '--port', '0', '--data', mkdtempSync(join(tmpdir(), 'agentmix-start-'))], { cwd: REPO_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    try {
      await new Promise<void>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          output += chunk.toString();
          if (/Indexed \d+ records/.test(output)) resolve();
        });
        child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
        void exited.then((code) => reject(new Error(`npm start exited (${code}) before serving:\n${output}`)));
      });
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    const lines = output.split('\n');
    expect(lines[0]).toMatch(/^ELECTRON_OVERRIDE_DIST_PATH has no Electron binary \(.*\): serving the app on the demo to a browser instead \(agentmix serve; Ctrl\+C stops it\)\.$/);
    expect(lines[1]).toMatch(/^AgentMix Studio is serving at http:\/\/127\.0\.0\.1:\d+\/#token=\S+$/);
    expect(output).toMatch(/Indexed [1-9]\d* records from [1-9]\d* sources/);
  });
});
