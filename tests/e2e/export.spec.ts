import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { DEMO_RECORDS, expect, openDesk, test } from './fixtures';

test('exports at η = 0.2 from the UI: the file has the same bytes as agentmix run of the saved recipe', async ({ page, serve, dataDir }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });

  await page.getByRole('tab', { name: 'Export' }).click();
  const out = join(dataDir, 'ui-mix.json');
  await page.getByRole('textbox', { name: 'Output path' }).fill(out);
  await expect(page.getByRole('spinbutton', { name: 'Agent share' })).toHaveValue('0.2');
  // The preview counts before writing: all 64 kept agent records and 256 of the general ones make η = 0.2 by records.
  await expect(page.getByTestId('export-preview-summary')).toContainText(`320 train records to ${out}`);
  await expect(page.getByTestId('export-preview-summary')).toContainText('20.0% by records (64 agent + 256 general)');
  await expect(page.getByRole('table', { name: 'Export per source and task' })).toContainText('openai.jsonl');

  await page.getByRole('button', { name: 'Export', exact: true }).click();
  await expect(body).toHaveAttribute('data-export-done', out, { timeout: 60_000 });
  await expect(page.getByTestId('export-done')).toContainText('Exported 320 records');
  // The trainers of sharegpt that ignore loss flags: named before the export, counted after it.
  await expect(page.getByTestId('export-loss-note')).toContainText('LLaMA-Factory (dataset_info.json) does not read per-turn loss flags; export llamafactory-messages to keep them.');
  await expect(page.getByTestId('export-warnings')).toContainText(/LLaMA-Factory \(dataset_info\.json\) does not read per-turn loss flags \(it trains every assistant message\): \d+ turns of this export/);
  await expect(page.getByTestId('export-manifest')).toHaveText(/ui-mix\.json\.manifest\.json$|ui-mix\.manifest\.json$/);
  // Serve mode has no file manager to reveal in: the path is shown with Copy path, and Reveal file is not offered.
  await expect(page.getByTestId('export-done').getByRole('button', { name: 'Copy path' })).toBeVisible();
  await expect(page.getByTestId('export-done').getByRole('button', { name: 'Reveal file' })).toHaveCount(0);

  // The README's screenshot, refreshed only when asked (AGENTMIX_SCREENSHOTS=1), as screenshots.spec.ts does.
  if (process.env['AGENTMIX_SCREENSHOTS']) await page.screenshot({ path: join(REPO_ROOT, 'docs/export-dialog.png') });

  // Save the recipe with the dialog's settings, run the CLI on it to another file: same bytes.
  await page.getByRole('button', { name: 'Save recipe beside the output' }).click();
  const recipe = join(dataDir, 'ui-mix.recipe.json');
  await expect(page.getByTestId('export-recipe-saved')).toContainText(recipe);
  const cliOut = join(dataDir, 'cli-mix.json');
  const run = spawnSync(process.execPath, ['bin/agentmix.mjs', 'run', recipe, '--out', cliOut, '--workers', '1'], { cwd: REPO_ROOT, encoding: 'utf8' });
  expect(run.status, `${run.stdout}\n${run.stderr}`).toBe(0);
  const ui = readFileSync(out);
  expect(ui.length).toBeGreaterThan(1000);
  expect(readFileSync(cliOut).equals(ui), 'the UI export and agentmix run differ').toBe(true);
});
