import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { dataFile, HAVE_SHARED_DATA, NO_SHARED_DATA } from '../helpers/data';
import { expect, openDesk, test } from './fixtures';

const RECORDS = 30_000;

/** 30,000 real ShareGPT conversations (FastChat's dummy set, cycled): enough for the pipeline to run a few seconds. */
function bigShard(): string {
  const base = JSON.parse(readFileSync(dataFile('fastchat-sharegpt/dummy_conversation.json'), 'utf8')) as { conversations: unknown[] }[];
  const lines: string[] = [];
  for (let index = 0; index < RECORDS; index++) lines.push(JSON.stringify({ id: `chat_${index}`, conversations: base[index % base.length].conversations }));
  return `${lines.join('\n')}\n`;
}

test.skip(!HAVE_SHARED_DATA, NO_SHARED_DATA);
test.use({ files: { 'big.jsonl': HAVE_SHARED_DATA ? bigShard() : '', 'big.recipe.json': JSON.stringify({ sources: [{ path: 'big.jsonl', role: 'general' }] }) }, shards: ['big.jsonl'] });

test('a pipeline run shows its progress with rate, can be cancelled, and leaves the app usable', async ({ page, serve, dataDir }) => {
  await openDesk(page, serve, RECORDS);
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Open recipe…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a recipe' });
  await dialog.getByRole('textbox').fill(join(dataDir, 'big.recipe.json'));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Recipe: big.recipe.json' })).toBeVisible();

  await page.getByRole('button', { name: 'Run pipeline' }).click();
  const job = page.getByTestId('job').filter({ hasText: 'Running the pipeline' });
  await expect(job).toBeVisible();
  await expect(job.getByTestId('job-rate')).toContainText(/\/s/);
  await job.getByRole('button', { name: 'Cancel Running the pipeline' }).click();
  await expect(page.getByTestId('status')).toHaveText('Pipeline canceled');
  await expect(job).toHaveCount(0);
  await expect(body).toHaveAttribute('data-pipeline-runs', '0');

  // Still usable: the filters panel says to run the pipeline, and the grid still searches.
  await page.getByRole('tab', { name: 'Filters' }).click();
  await expect(page.getByTestId('filters-panel').getByRole('alert')).toContainText('the pipeline has not run yet');
  await page.getByRole('tab', { name: 'Review desk' }).click();
  await page.getByLabel('Quick search').fill('chat_29999');
  await expect(body).toHaveAttribute('data-grid-rows', '1');
});
