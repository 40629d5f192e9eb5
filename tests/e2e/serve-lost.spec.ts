import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatShard } from '../helpers/chat-shard';
import { DEMO_RECORDS, expect, expectRecord, gridCell, startServe, test } from './fixtures';

/**
 * When `agentmix serve` goes away (docs/ui.md, "Start-up"), the page says so and every call then
 * in flight fails into a message, never into an uncaught error (the fixture fails a test on any page
 * error): while the app is still loading the demo, and on a decision made after the loss, which stays
 * saved in the browser and is reported as not mirrored to the engine; and a Cancel clicked after the
 * loss, whose failure is shown until dismissed.
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

test('a Cancel that fails after the loss says so, and the message can be dismissed', async ({ page }) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-lost-'));
  writeFileSync(join(dataDir, 'chats.jsonl'), chatShard(200));
  writeFileSync(join(dataDir, 'chats.recipe.json'), JSON.stringify({ sources: [{ path: 'chats.jsonl', role: 'general' }] }));
  // The test hold keeps the pipeline job running after its measuring stage (electron/engine/api/job-tracker.ts).
  const { serve, stop } = await startServe({ dataDir, args: [join(dataDir, 'chats.jsonl')], env: { AGENTMIX_TEST_HOLD: 'pipeline:measure' } });
  try {
    await page.goto(serve.url);
    await expect(page.locator('body')).toHaveAttribute('data-grid-rows', '200', { timeout: 60_000 });
    await page.getByRole('button', { name: 'Open recipe…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open a recipe' });
    await dialog.getByRole('textbox').fill(join(dataDir, 'chats.recipe.json'));
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    const job = page.getByTestId('job').filter({ hasText: 'Running the pipeline' });
    await expect(job).toContainText('measure: 200 records of 200 records');
    await stop();
    await expect(page.getByRole('alert').filter({ hasText: 'The connection to agentmix serve was lost; reconnecting…' })).toBeVisible();
    await job.getByRole('button', { name: 'Cancel Running the pipeline' }).click();
    const failed = page.getByRole('alert').filter({ hasText: 'The job could not be cancelled' });
    await expect(failed).toContainText('The connection to agentmix serve was lost');
    await failed.getByRole('button', { name: 'Dismiss the message' }).click();
    await expect(failed).toHaveCount(0);
  } finally {
    await stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
});
