import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_RECORDS, expect, expectRecord, gridCell, startServe, test } from './fixtures';

/**
 * When `agentmix serve` goes away (docs/ui.md, "Start-up"), the page says so and every call then
 * in flight fails into a message, never into an uncaught error (the fixture fails a test on any page
 * error): while the app is still loading the demo, and on a decision made after the loss, which stays
 * saved in the browser and is reported as not mirrored to the engine.
 */

for (const moment of ['as soon as the page connects', 'once the desk has loaded']) {
  test(`reports a lost connection without page errors, ${moment}`, async ({ page }) => {
    const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-lost-'));
    const { serve, stop } = await startServe({ dataDir });
    try {
      await page.goto(serve.url);
      const body = page.locator('body');
      await expect(body).toHaveAttribute('data-connected', 'websocket');
      if (moment === 'once the desk has loaded') {
        await expect(body).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS), { timeout: 60_000 });
        await gridCell(page, 'webshop_1').click();
        await expectRecord(page, 'webshop_1');
      }
      await stop();
      await expect(page.getByRole('alert').filter({ hasText: 'The connection to agentmix serve was lost; reconnecting…' })).toBeVisible();
      if (moment === 'once the desk has loaded') {
        await page.keyboard.press('a');
        await expect(body).toHaveAttribute('data-decision', /:webshop_1:accepted$/);
        await expect(page.getByTestId('status')).toContainText('The review is saved here, but the engine did not get it');
        await expect(page.getByTestId('status')).toContainText('The connection to agentmix serve was lost');
      }
      // One more round trip through the page, so that any rejection left unhandled has been reported.
      await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    } finally {
      await stop();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
}
