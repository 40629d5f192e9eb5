import { REPO_ROOT } from '../helpers/data';
import { join } from 'node:path';
import { DEMO_RECORDS, expect, openDesk, test } from './fixtures';

/**
 * The demo's planted duplicates (resources/samples/SOURCES.md): six clusters, the largest
 * `chat_20` with two near copies (`chat_near_20`, one word left out, and `chat_cut_20`, two).
 */
test('duplicates view: a planted cluster opens with its members diffed, and one action keeps another member', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });

  await page.getByRole('tab', { name: 'Duplicates' }).click();
  await expect(body).toHaveAttribute('data-duplicate-clusters', '6');
  await expect(page.getByTestId('lsh-curve')).toContainText('threshold 0.8');
  const clusters = page.getByRole('table', { name: 'Clusters' });
  // Largest first: the three-member cluster.
  await expect(clusters.locator('tbody tr').first()).toContainText('near3');
  await clusters.getByRole('button').first().click();

  // The kept record on the left, a near copy on the right, in Monaco's diff editor.
  await expect(body).toHaveAttribute('data-duplicate-diff', /:chat_20\|.*:chat_(near|cut)_20$/);
  const diff = page.getByTestId('member-diff');
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
  await expect(diff.locator('.line-delete, .char-delete').first()).toBeAttached();

  // The README's screenshot, refreshed only when asked (AGENTMIX_SCREENSHOTS=1), as screenshots.spec.ts does.
  if (process.env['AGENTMIX_SCREENSHOTS']) await page.screenshot({ path: join(REPO_ROOT, 'docs/duplicates-view.png') });

  // Keep the one-word edit instead, and reject the other two as duplicates in one action.
  await page.getByRole('radio', { name: 'Keep chat_near_20' }).check();
  await page.getByRole('button', { name: /reject the other 2 as duplicates/ }).click();
  await expect(page.getByRole('status')).toContainText('Kept');
  await expect(page.getByRole('status')).toContainText('rejected 2 duplicates');
});
