import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { _electron as electron, expect, test } from '@playwright/test';
import { CALL_NAMES, EVENT_NAMES } from '../../shared/api';
import { REPO_ROOT } from '../helpers/data';
import { DEMO_RECORDS } from './fixtures';

/**
 * The desktop smoke test: launch the built app with Playwright's `_electron`, see the demo in the
 * grid over IPC, and check the bridge. The Electron binary is downloaded on first start, which an
 * offline machine cannot do, so without it the test skips and says why.
 */
function electronBinary(): string | null {
  const pathFile = join(REPO_ROOT, 'node_modules/electron/path.txt');
  if (!existsSync(pathFile)) return null;
  const binary = join(REPO_ROOT, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(binary) ? binary : null;
}

test('launches the desktop app and shows the demo over IPC', async () => {
  const binary = electronBinary();
  const reason = 'No Electron binary in node_modules/electron (Electron downloads it on first start, which needs internet); the agentmix serve suite drives the same UI and engine.';
  // The list reporter does not print skip reasons; CI logs should.
  if (binary === null) process.stderr.write(`electron smoke test skipped: ${reason}\n`);
  test.skip(binary === null, reason);
  const app = await electron.launch({
    executablePath: binary!,
    args: [REPO_ROOT, '--no-sandbox'],
    env: { ...process.env, ELECTRON_DISABLE_SECURITY_WARNINGS: 'true', XDG_CONFIG_HOME: mkdtempSync(join(tmpdir(), 'agentmix-electron-')) },
  });
  try {
    const page = await app.firstWindow();
    await expect(page.locator('body')).toHaveAttribute('data-connected', 'ipc');
    await expect(page.locator('body')).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS), { timeout: 60_000 });
    const bridge = await page.evaluate(() => ({
      names: Object.keys((window as unknown as { agentmix?: object }).agentmix ?? {}).sort(),
      node: typeof (window as unknown as { require?: unknown }).require,
      process: typeof (window as unknown as { process?: unknown }).process,
    }));
    expect(bridge.names).toEqual([...CALL_NAMES, ...EVENT_NAMES].sort());
    expect(bridge).toMatchObject({ node: 'undefined', process: 'undefined' });
    // New windows and navigation away from the app are refused.
    expect(await page.evaluate(() => window.open('https://example.com') === null)).toBe(true);
    const before = page.url();
    await page.evaluate(() => {
      window.location.href = 'https://example.com/';
    });
    await expect(page.locator('body')).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS));
    expect(page.url()).toBe(before);
    expect(app.windows()).toHaveLength(1);
  } finally {
    await app.close();
  }
});
