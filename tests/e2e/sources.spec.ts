import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { expect, expectRecord, gridCell, openDesk, test } from './fixtures';

/** The demo's chats (resources/samples, written by the project). */
const DEMO = join(REPO_ROOT, 'resources/samples/general');

/** Five of the demo's OpenAI chats as JSONL, with line 3 cut short (a planted mutation). */
const OPENAI_LINES = readFileSync(join(DEMO, 'openai.jsonl'), 'utf8').split('\n').slice(0, 5);
const BROKEN = [...OPENAI_LINES.slice(0, 2), OPENAI_LINES[2].slice(0, 120), ...OPENAI_LINES.slice(3)].join('\n') + '\n';

test.describe('problems in a shard', () => {
  test.use({ files: { 'chats.jsonl': BROKEN }, shards: ['chats.jsonl'] });

  test('lists the problem and shows its line in the file', async ({ page, serve }) => {
    await openDesk(page, serve, 4);
    const source = page.getByRole('listitem', { name: 'chats.jsonl' });
    await expect(source).toContainText('openai · 4 records');
    await source.getByRole('button', { name: '1 problem' }).click();
    await source.getByRole('button', { name: /^Show line 3:/ }).click();
    const dialog = page.getByRole('dialog', { name: 'Where the problem is' });
    await expect(dialog.getByTestId('excerpt')).toContainText(OPENAI_LINES[2].slice(0, 60));
    await expect(dialog.locator('.excerpt-focus')).toContainText(`3${OPENAI_LINES[2].slice(0, 40)}`);
    await expect(dialog.locator('.excerpt-focus .line-number')).toHaveText('3');
    await dialog.getByRole('button', { name: 'Close' }).click();
    await expect(dialog).toBeHidden();
  });
});

test.describe('opening, closing and changed files', () => {
  const shard = (records: unknown[]): string => JSON.stringify(records);
  const original = (JSON.parse(readFileSync(join(DEMO, 'sharegpt.json'), 'utf8')) as { id: string }[]).slice(0, 5);
  test.use({ files: { 'chat.json': shard(original) }, shards: ['chat.json'] });

  test('opens and closes shards, and does not apply decisions to a file whose content changed', async ({ page, serve, dataDir }) => {
    await openDesk(page, serve, 5);
    await gridCell(page, 'chat_1').click();
    await expectRecord(page, 'chat_1');
    await page.keyboard.press('a');
    await expect(page.locator('body')).toHaveAttribute('data-decision', /:chat_1:accepted$/);
    await expect(page.getByTestId('review-counter')).toHaveText('Reviewed 1 / 5');

    // Change the file (drop its last record), close it and open it again: a new content hash.
    writeFileSync(join(dataDir, 'chat.json'), shard(original.slice(0, 4)));
    await page.getByRole('button', { name: 'Remove chat.json' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-sources', '0');
    await expect(page.getByTestId('viewer')).not.toHaveAttribute('data-key', /.+/);
    await page.getByRole('button', { name: 'Open shards…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open shards' });
    await dialog.getByLabel(/Files or folders/).fill(join(dataDir, 'chat.json'));
    await dialog.getByLabel('Role', { exact: true }).selectOption('general');
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(page.getByTestId('status')).toHaveText('Opened 1 source (4 records)');
    await expect(page.locator('body')).toHaveAttribute('data-grid-rows', '4');
    const source = page.getByRole('listitem', { name: 'chat.json' });
    await expect(source).toContainText('general');
    await expect(source.getByRole('note')).toHaveText('1 decision was made on an earlier version of this file. Its content has changed, so it is not applied to these records.');
    await expect(page.getByTestId('review-counter')).toHaveText('Reviewed 0 / 4');
    await gridCell(page, 'chat_1').click();
    await expect(page.getByTestId('decision')).toHaveText('Not reviewed');
  });

  test('says what went wrong when a path cannot be opened, and keeps working', async ({ page, serve, dataDir }) => {
    await openDesk(page, serve, 5);
    await page.getByRole('button', { name: 'Open shards…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open shards' });
    await dialog.getByLabel(/Files or folders/).fill(join(dataDir, 'missing.jsonl'));
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText('missing.jsonl');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    await expect(page.getByRole('alert').filter({ hasText: 'missing.jsonl' })).toBeVisible();
    await page.getByRole('button', { name: 'Dismiss the message' }).click();
    await gridCell(page, 'chat_2').click();
    await expectRecord(page, 'chat_2');
  });
});
