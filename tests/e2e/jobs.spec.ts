import { join } from 'node:path';
import { chatShard } from '../helpers/chat-shard';
import { expect, openDesk, test } from './fixtures';

/**
 * Cancelling a job, deterministically: serve runs with the test hold `pipeline:measure`
 * (electron/engine/api/job-tracker.ts), so the pipeline waits after its measuring stage until it
 * is canceled and can never finish before the Cancel click, however fast the machine.
 */
const RECORDS = 3_000;

test.use({
  files: { 'chats.jsonl': chatShard(RECORDS), 'chats.recipe.json': JSON.stringify({ sources: [{ path: 'chats.jsonl', role: 'general' }] }) },
  shards: ['chats.jsonl'],
  serveEnv: { AGENTMIX_TEST_HOLD: 'pipeline:measure' },
});

test('a pipeline run shows its progress with rate, can be cancelled, and leaves the app usable', async ({ page, serve, dataDir }) => {
  await openDesk(page, serve, RECORDS);
  expect(serve.output()).toContain('AGENTMIX_TEST_HOLD is set (a test hook): pipeline jobs wait after their "measure" stage');
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Open recipe…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a recipe' });
  await dialog.getByRole('textbox').fill(join(dataDir, 'chats.recipe.json'));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Recipe: chats.recipe.json' })).toBeVisible();

  await page.getByRole('button', { name: 'Run pipeline' }).click();
  const job = page.getByTestId('job').filter({ hasText: 'Running the pipeline' });
  await expect(job).toBeVisible();
  // Held after measuring: every record measured, with its rate, and the job still running.
  await expect(job).toContainText(`measure: ${RECORDS.toLocaleString('en-US')} records of ${RECORDS.toLocaleString('en-US')} records`);
  await expect(job.getByTestId('job-rate')).toContainText(/\/s/);
  await job.getByRole('button', { name: 'Cancel Running the pipeline' }).click();
  await expect(page.getByTestId('status')).toHaveText('Pipeline canceled');
  await expect(job).toHaveCount(0);
  await expect(body).toHaveAttribute('data-pipeline-runs', '0');

  // Still usable: the filters panel says to run the pipeline, and the grid still searches.
  await page.getByRole('tab', { name: 'Filters' }).click();
  await expect(page.getByTestId('filters-panel').getByRole('alert')).toContainText('the pipeline has not run yet');
  await page.getByRole('tab', { name: 'Review desk' }).click();
  await page.getByLabel('Quick search').fill(`chat_${RECORDS - 1}`);
  await expect(body).toHaveAttribute('data-grid-rows', '1');
});
