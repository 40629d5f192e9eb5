import { readFileSync } from 'node:fs';
import { REPO_ROOT } from '../helpers/data';
import { join } from 'node:path';
import { expect, openDesk, test } from './fixtures';

/** Real ShareGPT records (resources/samples, from DialogStudio's ShareGPT) with planted copies. */
function plantedShard(): string {
  const records = JSON.parse(readFileSync(join(REPO_ROOT, 'resources/samples/general/sharegpt-dialogstudio.json'), 'utf8')) as { id: string; conversations: { from: string; value: string }[] }[];
  const first = records[0];
  // Two near copies of the first record: one word changed in its answer, and a sentence dropped.
  const edited = structuredClone(first);
  edited.id = `${first.id}_near_word`;
  edited.conversations[1].value = edited.conversations[1].value.replace(/\bmain\b/, 'key');
  const shortened = structuredClone(first);
  shortened.id = `${first.id}_near_cut`;
  shortened.conversations[1].value = shortened.conversations[1].value.replace(/\.[^.]*\.\s*$/, '.');
  return JSON.stringify([...records, edited, shortened], null, 2);
}

const RECIPE = JSON.stringify({
  sources: [{ path: 'planted.json', role: 'general' }],
  dedup: { near: { threshold: 0.8 } },
});

test.use({ files: { 'planted.json': plantedShard(), 'dups.recipe.json': RECIPE }, shards: ['planted.json'] });

test('duplicates view: a planted cluster opens with its members diffed, and one action keeps another member', async ({ page, serve, dataDir }) => {
  await openDesk(page, serve, 7);
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Open recipe…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a recipe' });
  await dialog.getByRole('textbox').fill(join(dataDir, 'dups.recipe.json'));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });

  await page.getByRole('tab', { name: 'Duplicates' }).click();
  await expect(body).toHaveAttribute('data-duplicate-clusters', '1');
  await expect(page.getByTestId('lsh-curve')).toContainText('threshold 0.8');
  const clusters = page.getByRole('table', { name: 'Clusters' });
  await expect(clusters.locator('tbody tr').first()).toContainText('near3');
  await clusters.getByRole('button').first().click();

  // The kept record on the left, a near copy on the right, in Monaco's diff editor.
  await expect(body).toHaveAttribute('data-duplicate-diff', /QWJhYvA_0.*\|.*QWJhYvA_0_near/);
  const diff = page.getByTestId('member-diff');
  await expect(diff.locator('.monaco-diff-editor')).toBeVisible();
  await expect(diff.locator('.line-insert, .char-insert').first()).toBeAttached();

  // The README's screenshot, refreshed only when asked (AGENTMIX_SCREENSHOTS=1), as screenshots.spec.ts does.
  if (process.env['AGENTMIX_SCREENSHOTS']) await page.screenshot({ path: join(REPO_ROOT, 'docs/duplicates-view.png') });

  // Keep the one-word edit instead, and reject the other two as duplicates in one action.
  await page.getByRole('radio', { name: 'Keep QWJhYvA_0_near_word' }).check();
  await page.getByRole('button', { name: /reject the other 2 as duplicates/ }).click();
  await expect(page.getByRole('status')).toContainText('Kept');
  await expect(page.getByRole('status')).toContainText('rejected 2 duplicates');
});
