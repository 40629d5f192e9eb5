import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { DEMO_RECORDS, expect, expectRecord, openDesk, test } from './fixtures';

test('leakage view: the planted evaluation items are listed highest first, with the shared n-grams marked in both texts', async ({ page, serve }) => {
  // The demo plants two evaluation items in agent trajectories (resources/samples/SOURCES.md).
  await openDesk(page, serve, DEMO_RECORDS);
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });

  await page.getByRole('tab', { name: 'Leakage' }).click();
  await expect(body).toHaveAttribute('data-leakage-records', '2');
  const list = page.getByRole('table', { name: 'Leaked records' });
  await expect(list).toContainText('os_leak_1');
  // Highest score first.
  const scores = (await list.locator('tbody tr td:nth-child(3)').allTextContents()).map(Number);
  expect(scores).toEqual([...scores].sort((first, second) => second - first));

  await list.getByRole('button', { name: 'os_leak_1' }).click();
  const evidence = page.getByTestId('leakage-evidence');
  await expect(evidence).toHaveAttribute('data-key', /:os_leak_1$/);
  await expect(evidence.getByRole('heading').first()).toContainText(/against os item #\d+/);
  const turn = evidence.locator('pre.marked-text').nth(0);
  const item = evidence.locator('pre.marked-text').nth(1);
  await expect(turn.locator('mark.shared-ngram').first()).toBeVisible();
  await expect(item.locator('mark.shared-ngram').first()).toBeVisible();
  // The marked text is the same words in both (text nodes, not HTML).
  const sharedInItem = (await item.locator('mark.shared-ngram').first().textContent()) ?? '';
  expect(sharedInItem.split(/\s+/).length).toBeGreaterThanOrEqual(5);
  expect(await turn.textContent()).toContain(sharedInItem.split(/\s+/).slice(0, 5).join(' '));

  // The README's screenshot, refreshed only when asked (AGENTMIX_SCREENSHOTS=1), as screenshots.spec.ts does.
  if (process.env['AGENTMIX_SCREENSHOTS']) await page.screenshot({ path: join(REPO_ROOT, 'docs/leakage-view.png') });

  // Drop it through the review store.
  await evidence.getByRole('button', { name: 'Drop (reject)' }).click();
  await expect(page.getByRole('status')).toContainText('Rejected');

  // Send it to review: the desk tab opens with the record in the viewer.
  await evidence.getByRole('button', { name: 'Send to review' }).click();
  await expect(page.getByRole('tab', { name: 'Review desk' })).toHaveAttribute('aria-selected', 'true');
  await expectRecord(page, 'os_leak_1');
  await expect(page.getByTestId('viewer')).toBeVisible();
});
