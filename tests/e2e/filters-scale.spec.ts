import { join } from 'node:path';
import { chatShard } from '../helpers/chat-shard';
import { expect, openDesk, test } from './fixtures';

/**
 * How long a threshold move takes to update the filters panel's counts on 100,000 records
 * (docs/ui.md, "Views after a pipeline run"): from typing a new maximum-token limit to the new kept count on screen, through
 * the engine's re-judge of the stored measurements. Slow to set up (a full pipeline run), so it
 * runs only when asked: `AGENTMIX_MEASURE=1 npx playwright test filters-scale`. Prints medians.
 */
const RECORDS = 100_000;

/** 100,000 ShareGPT chats written by the project (tests/helpers/chat-shard.ts). */
function shard(): string {
  return chatShard(RECORDS);
}

/** The median of some numbers. */
function median(values: number[]): number {
  const sorted = [...values].sort((left, right) => left - right);
  return sorted[Math.floor(sorted.length / 2)];
}

const measuring = Boolean(process.env['AGENTMIX_MEASURE']);
test.use({ files: measuring ? { 'chat-100k.jsonl': shard(), 'scale.recipe.json': JSON.stringify({ sources: [{ path: 'chat-100k.jsonl', role: 'general' }], dedup: { enabled: false } }) } : {}, shards: measuring ? ['chat-100k.jsonl'] : [] });

test('a threshold move re-counts 100,000 records (measured)', async ({ page, serve, dataDir }) => {
  test.skip(!measuring, 'Set AGENTMIX_MEASURE=1 to measure the filters panel on 100,000 records.');
  test.setTimeout(600_000);
  await openDesk(page, serve, RECORDS);
  const body = page.locator('body');
  await page.getByRole('button', { name: 'Open recipe…' }).click();
  const dialog = page.getByRole('dialog', { name: 'Open a recipe' });
  await dialog.getByRole('textbox').fill(join(dataDir, 'scale.recipe.json'));
  await dialog.getByRole('button', { name: 'Open', exact: true }).click();
  await expect(page.getByRole('button', { name: 'Recipe: scale.recipe.json' })).toBeVisible({ timeout: 120_000 });
  const runStarted = performance.now();
  await page.getByRole('button', { name: 'Run pipeline' }).click();
  await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 540_000 });
  const runSeconds = (performance.now() - runStarted) / 1000;
  await page.getByRole('tab', { name: 'Filters' }).click();
  await expect(body).toHaveAttribute('data-filters-kept', /\d+/);

  const field = page.getByRole('spinbutton', { name: 'Length: maximum tokens' });
  const roundTrips: number[] = [];
  const engine: number[] = [];
  // Alternate short and long limits so that every move changes the count.
  const limits = [300, 4096, 600, 2500, 300, 4096, 600, 2500, 300, 4096, 600, 2500];
  for (const limit of limits) {
    const before = await body.getAttribute('data-filters-kept');
    const started = performance.now();
    await field.fill(String(limit));
    await expect(body).not.toHaveAttribute('data-filters-kept', before ?? '');
    roundTrips.push(performance.now() - started);
    const timing = (await page.getByTestId('filters-timing').textContent()) ?? '';
    engine.push(Number(/re-judged in ([\d.]+) ms/.exec(timing)?.[1] ?? Number.NaN));
  }
  console.log(`pipeline run on ${RECORDS} records: ${runSeconds.toFixed(1)} s`);
  console.log(`threshold move to new counts on screen: median ${median(roundTrips).toFixed(0)} ms (min ${Math.min(...roundTrips).toFixed(0)}, max ${Math.max(...roundTrips).toFixed(0)}) over ${limits.length} moves`);
  console.log(`engine re-judge: median ${median(engine).toFixed(1)} ms`);
});
