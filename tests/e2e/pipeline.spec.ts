import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { DEMO_RECORDS, expect, expectRecord, gridCell, openDesk, test } from './fixtures';

test('runs the demo recipe\'s pipeline and shows verdicts, reasons and leakage evidence', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  const body = page.locator('body');
  await expect(page.getByRole('button', { name: 'Recipe: agentbench.recipe.json' })).toBeVisible();

  // Open the mix-and-export recipe over the same data, then run its pipeline.
  await page.getByRole('button', { name: 'Recipe: agentbench.recipe.json' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a recipe' });
  await dialog.getByRole('textbox').fill(join(REPO_ROOT, 'resources/samples/mix-export.recipe.json'));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Recipe: mix-export.recipe.json' })).toBeVisible();
  await expect(body).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS));
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });
  await expect(page.getByTestId('status')).toHaveText(new RegExp(`^Pipeline: kept 441 of ${DEMO_RECORDS} records, dropped 22 `));

  // The planted leak is dropped, with the leakage reason and its shared spans marked.
  const verdictCell = page.locator('[role="row"]', { has: gridCell(page, 'os_leak_1') }).locator('[col-id="verdict"]');
  await page.getByLabel('Quick search').fill('leak_1');
  await expect(body).toHaveAttribute('data-grid-rows', '2');
  // Bring the verdict column on screen by hiding the summary columns.
  await page.getByText('Columns', { exact: true }).click();
  for (const name of ['Source', 'Task', 'Turns', 'Tokens', 'Chars', 'Reward']) await page.getByRole('checkbox', { name, exact: true }).uncheck();
  await page.getByText('Columns', { exact: true }).click();
  await expect(verdictCell).toHaveText(/^dropped: /);
  await gridCell(page, 'os_leak_1').click();
  await expectRecord(page, 'os_leak_1');
  const verdicts = page.getByTestId('verdicts');
  await expect(verdicts).toContainText('Dropped by the pipeline');
  await expect(verdicts).toContainText(/Leakage score \d\.\d\d against os item #\d+/);
  await expect(page.getByTestId('viewer').locator('mark.leak').first()).toBeVisible();
  await expect(page.getByTestId('viewer').locator('.turn-highlighted').first()).toBeVisible();

  // A clean record is kept.
  await page.getByLabel('Quick search').fill('webshop_3');
  await expect(body).toHaveAttribute('data-grid-rows', '1');
  await gridCell(page, 'webshop_3').click();
  await expectRecord(page, 'webshop_3');
  await expect(page.getByTestId('verdicts')).toContainText('Kept by the pipeline');
});
