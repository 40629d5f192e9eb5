import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import type { Page } from '@playwright/test';
import { expect, gridCell, startServe, test, type Serve } from './fixtures';

/**
 * The filters panel's promise (docs/ui.md): a reward threshold moved in the panel changes the kept
 * count to the value the CLI gives for the same recipe. This spec opens a recipe over
 * tests/fixtures/rewards/webshop-rewards.json (tests/fixtures/SOURCES.md): WebShop trajectories
 * with rewards 1.0, 0.75 and 1.0, as agent run logs carry them, plus webshop_3 again with a
 * Mind2Web-style step success of 2/3 (0.6667). Dedup is off so the copy is judged on its reward alone.
 */

const SHARD = join(REPO_ROOT, 'tests/fixtures/rewards/webshop-rewards.json');

/** The `kept N of M` line of `agentmix run` on a recipe. */
function keptByCli(recipe: string, dataDir: string): number {
  const run = spawnSync(process.execPath, ['bin/agentmix.mjs', 'run', recipe, '--out', join(dataDir, 'cli-export.json'), '--workers', '1'], { cwd: REPO_ROOT, encoding: 'utf8' });
  const match = /^kept\s+(\d+) of \d+/m.exec(run.stdout);
  if (match === null) throw new Error(`agentmix run printed no kept line (exit ${run.status}):\n${run.stdout}\n${run.stderr}`);
  return Number(match[1]);
}

/** Writes the reward recipe (r = 1, dedup off) into the data folder and serves it. */
async function serveRewards(dataDir: string): Promise<{ serve: Serve; stop: () => Promise<void> }> {
  const recipe = join(dataDir, 'rewards.recipe.json');
  writeFileSync(recipe, JSON.stringify({ sources: [{ path: SHARD, role: 'agent', task: 'webshop' }], filters: { reward: { minimum: 1 } }, dedup: { enabled: false } }));
  return startServe({ dataDir, args: ['--recipe', recipe] });
}

/** Opens the served app, runs the pipeline from the filters tab and waits for r = 1's two kept records. */
async function runFromFilters(page: Page, serve: Serve): Promise<void> {
  const body = page.locator('body');
  await page.goto(serve.url);
  await expect(body).toHaveAttribute('data-grid-rows', '4', { timeout: 60_000 });
  await page.getByRole('tab', { name: 'Filters' }).click();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 60_000 });
  // r = 1 (AgentTuning, §2.2) keeps webshop_0 and webshop_4 only.
  await expect(body).toHaveAttribute('data-filters-kept', '2');
  await expect(page.getByTestId('filters-kept')).toHaveText('2');
}

test('moving the reward threshold re-judges live, and the saved recipe keeps what the CLI keeps', async ({ page, dataDir }) => {
  const { serve, stop } = await serveRewards(dataDir);
  try {
    const body = page.locator('body');
    await runFromFilters(page, serve);

    // Down to 0.7: the 0.75 trajectory comes in, the 2/3 one stays out.
    const minimum = page.getByRole('spinbutton', { name: 'Reward minimum' });
    await minimum.fill('0.7');
    await expect(body).toHaveAttribute('data-filters-kept', '3');
    await expect(page.getByTestId('filters-kept')).toHaveText('3');
    await expect(page.getByTestId('histogram-reward')).toBeVisible();

    const saved = join(dataDir, 'saved.recipe.json');
    await page.getByRole('textbox', { name: 'Recipe path' }).fill(saved);
    await page.getByRole('button', { name: 'Save recipe' }).click();
    await expect(page.getByTestId('recipe-saved')).toContainText(saved);
    expect(keptByCli(saved, dataDir), 'CLI kept count at reward minimum 0.7').toBe(3);

    // Down to 0.6: Mind2Web's 2/3 passes too, and the CLI agrees again.
    await minimum.fill('0.6');
    await expect(body).toHaveAttribute('data-filters-kept', '4');
    const savedAgain = join(dataDir, 'saved-again.recipe.json');
    await page.getByRole('textbox', { name: 'Recipe path' }).fill(savedAgain);
    await page.getByRole('button', { name: 'Save recipe' }).click();
    await expect(page.getByTestId('recipe-saved')).toContainText(savedAgain);
    expect(keptByCli(savedAgain, dataDir), 'CLI kept count at reward minimum 0.6').toBe(4);
  } finally {
    await stop();
  }
});

test('the verdict column of the desk grid follows a live re-judge in the filters panel', async ({ page, dataDir }) => {
  const { serve, stop } = await serveRewards(dataDir);
  try {
    await runFromFilters(page, serve);
    const verdict = (id: string) => page.locator('[role="row"]', { has: gridCell(page, id) }).locator('[col-id="verdict"]');
    const showDesk = async (): Promise<void> => {
      await page.getByRole('tab', { name: 'Review desk' }).click();
      // Bring the verdict column on screen by hiding the summary columns (as pipeline.spec.ts does).
      await page.getByText('Columns', { exact: true }).click();
      for (const name of ['Source', 'Task', 'Turns', 'Tokens', 'Chars']) {
        const box = page.getByRole('checkbox', { name, exact: true });
        if (await box.isChecked()) await box.uncheck();
      }
      await page.getByText('Columns', { exact: true }).click();
    };
    await showDesk();
    await expect(verdict('webshop_3')).toHaveText(/^dropped: reward/);
    await expect(verdict('webshop_0')).toHaveText('kept');

    await page.getByRole('tab', { name: 'Filters' }).click();
    await page.getByRole('spinbutton', { name: 'Reward minimum' }).fill('0.7');
    await expect(page.locator('body')).toHaveAttribute('data-filters-kept', '3');
    await showDesk();
    await expect(verdict('webshop_3')).toHaveText('kept');
    await expect(verdict('webshop_3_two_thirds')).toHaveText(/^dropped: reward/);
  } finally {
    await stop();
  }
});
