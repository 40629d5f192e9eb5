import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { DEMO_RECORDS, expect, expectRecord, gridCell, openDesk, test } from './fixtures';

/**
 * Refreshes the README's screenshot of the review desk (docs/review-desk.png). It writes into the
 * repository, so it runs only when asked: `AGENTMIX_SCREENSHOTS=1 npx playwright test screenshots`.
 */
test('screenshot of the review desk for the README', async ({ page, serve }) => {
  test.skip(!process.env['AGENTMIX_SCREENSHOTS'], 'Set AGENTMIX_SCREENSHOTS=1 to refresh docs/review-desk.png.');
  await openDesk(page, serve, DEMO_RECORDS);
  for (const [id, key] of [['os_1', 'a'], ['os_3', 'a'], ['db_1', 'a']] as const) {
    await gridCell(page, id).click();
    await expectRecord(page, id);
    await page.keyboard.press(key);
    await expect(page.locator('body')).toHaveAttribute('data-decision', new RegExp(`:${id}:accepted$`));
  }
  await gridCell(page, 'db_2').click();
  await expectRecord(page, 'db_2');
  await page.keyboard.press('r');
  await page.keyboard.press('6');
  await page.getByRole('dialog').getByRole('button', { name: 'Reject' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-decision', /:db_2:rejected$/);
  await gridCell(page, 'os_2').click();
  await expectRecord(page, 'os_2');
  await page.screenshot({ path: join(REPO_ROOT, 'docs/review-desk.png') });
});

test('screenshot of a leaked record after a pipeline run', async ({ page, serve }) => {
  test.skip(!process.env['AGENTMIX_SCREENSHOTS'], 'Set AGENTMIX_SCREENSHOTS=1 to refresh docs/review-desk-leakage.png.');
  await openDesk(page, serve, DEMO_RECORDS);
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });
  await page.getByLabel('Quick search').fill('leak');
  await expect(page.locator('body')).toHaveAttribute('data-grid-rows', '2');
  await gridCell(page, 'os_leak_1').click();
  await expectRecord(page, 'os_leak_1');
  await page.getByText('Columns', { exact: true }).click();
  for (const name of ['Source', 'Task', 'Tokens', 'Chars', 'Reward']) await page.getByRole('checkbox', { name, exact: true }).uncheck();
  await page.keyboard.press('Escape');
  await page.locator('mark.leak').first().scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(REPO_ROOT, 'docs/review-desk-leakage.png') });
});
