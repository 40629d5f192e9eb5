import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO_ROOT } from '../helpers/data';
import { DEMO_RECORDS, expect, expectRecord, gridCell, openDesk, reviewCell, test } from './fixtures';

test('bulk accept and reject of ticked rows, each one undoable step', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  const tick = (id: string) => page.locator('[role="row"]', { has: gridCell(page, id) }).getByRole('checkbox');
  await tick('os_2').check();
  await tick('os_3').check();
  await page.getByRole('button', { name: 'Accept 2 selected' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-decision', '2 records:accepted');
  await expect(reviewCell(page, 'os_2')).toHaveText('accepted');
  await expect(reviewCell(page, 'os_3')).toHaveText('accepted');

  for (const id of ['db_1', 'db_4', 'os_6']) await tick(id).check();
  await page.getByRole('button', { name: 'Reject 3 selected' }).click();
  const dialog = page.getByRole('dialog', { name: 'Reject 3 records' });
  await dialog.getByRole('radio', { name: /duplicate/ }).check();
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-decision', '3 records:rejected');
  await expect(reviewCell(page, 'os_6')).toHaveText('rejected');
  await expect(page.getByTestId('review-counter')).toHaveText(`Reviewed 5 / ${DEMO_RECORDS}`);

  await page.getByRole('button', { name: 'Undo' }).click();
  await expect(page.locator('body')).toHaveAttribute('data-undo', 'Reject 3 records');
  await expect(reviewCell(page, 'db_1')).toHaveText('unreviewed');
  await expect(reviewCell(page, 'os_6')).toHaveText('unreviewed');
  await expect(reviewCell(page, 'os_2')).toHaveText('accepted');

  // The review filter shows what the engine's mirror of the review knows.
  await page.getByLabel('Show records by review status').selectOption('accepted');
  await expect(page.locator('body')).toHaveAttribute('data-grid-rows', '2');
  await expect(gridCell(page, 'os_3')).toBeVisible();
});

test('refuses to save raw JSON that does not match the format, and reverts', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  await gridCell(page, 'db_2').click();
  await expectRecord(page, 'db_2');
  await page.getByRole('button', { name: 'Edit' }).click();
  const editor = page.getByTestId('editor');
  await editor.getByRole('tab', { name: 'Raw JSON' }).click();
  const raw = editor.getByTestId('raw-editor').locator('.view-lines');
  await expect(raw).toContainText('"conversations"');
  await expect(editor.getByTestId('validation')).toHaveText('Valid agentinstruct record.');
  // Turn the second turn's `from` into one the format does not know, with Monaco's find/replace.
  await raw.click();
  await expect(editor.locator('[data-testid=raw-editor] .monaco-editor.focused')).toBeAttached();
  await page.keyboard.press('Control+H');
  const findWidget = editor.locator('.find-widget');
  await findWidget.getByRole('textbox', { name: 'Find' }).fill('"gpt"');
  await findWidget.getByRole('textbox', { name: 'Replace' }).fill('"wizard"');
  await findWidget.getByRole('button', { name: /^Replace \(/ }).click();
  await page.keyboard.press('Escape');
  await expect(editor.getByTestId('validation')).toContainText(/1 problem: line \d+: Not a valid agentinstruct record: conversations\[\d+\]\.from: expected one of human, gpt; found "wizard"/);
  await expect(editor.getByRole('button', { name: 'Save edit' })).toBeDisabled();
  await expect(editor.locator('.squiggly-error').first()).toBeAttached();
  // Broken JSON: the parser's position is shown.
  await raw.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(']');
  await expect(editor.getByTestId('validation')).toContainText('Not valid JSON');
  await expect(editor.getByRole('button', { name: 'Save edit' })).toBeDisabled();
  await editor.getByRole('button', { name: 'Revert to original' }).click();
  await expect(editor.getByTestId('validation')).toHaveText('Valid agentinstruct record.');
  await expect(editor.getByRole('button', { name: 'Save edit' })).toBeDisabled();
  await editor.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('decision')).toHaveText('Not reviewed');
});

test('sorts, filters, searches and keeps the column choice across a reload', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  const body = page.locator('body');
  // Sort by turns, most first: alfworld_loop_1 has 19.
  await page.locator('.ag-header-cell[col-id="turns"] .ag-header-cell-label').click();
  await page.locator('.ag-header-cell[col-id="turns"] .ag-header-cell-label').click();
  await expect(page.locator('[role="row"][row-index="0"] [col-id="id"]')).toHaveText('alfworld_loop_1');
  await expect(page.locator('[role="row"][row-index="0"] [col-id="turns"]')).toHaveText('19');
  // j from nothing opens the first row of the view; k at the top stays.
  await page.locator('.topbar h1').click();
  await page.keyboard.press('j');
  await expectRecord(page, 'alfworld_loop_1');
  await page.keyboard.press('j');
  await expect(page.getByTestId('viewer')).not.toHaveAttribute('data-key', /alfworld_loop_1$/);
  await page.keyboard.press('k');
  await expectRecord(page, 'alfworld_loop_1');

  await page.getByLabel('Quick search').fill('mind2web');
  await expect(body).toHaveAttribute('data-grid-rows', '12');
  await page.getByLabel('Quick search').fill('');
  await expect(body).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS));

  // Hide the Source column; the choice survives a reload.
  await page.getByText('Columns', { exact: true }).click();
  await page.getByRole('checkbox', { name: 'Source' }).uncheck();
  await expect(page.locator('.ag-header-cell[col-id="source"]')).toHaveCount(0);
  await page.locator('.topbar h1').click();
  await page.keyboard.press('?');
  await expect(page.getByRole('dialog', { name: 'Keyboard shortcuts' })).toContainText('Next unreviewed record');
  await page.keyboard.press('Escape');
  await page.reload();
  await expect(body).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS));
  await expect(page.locator('.ag-header-cell[col-id="id"]')).toBeVisible();
  await expect(page.locator('.ag-header-cell[col-id="source"]')).toHaveCount(0);
});

test.describe('loading a review file', () => {
  // Keys start with the first 8 hex digits of the shard's sha256 (docs/ARCHITECTURE.md, "Record key").
  const prefix = createHash('sha256').update(readFileSync(join(REPO_ROOT, 'resources/samples/agent/agentinstruct.json'))).digest('hex').slice(0, 8);
  const lines = [
    { key: `${prefix}:os_4`, decision: 'reject', reason: 'wrong answer', note: 'from a colleague', by: 'colleague', at: '2025-01-02T03:04:05.000Z' },
    { key: `${prefix}:os_5`, decision: 'accept', by: 'colleague', at: '2025-01-02T03:04:06.000Z' },
    { key: `${prefix}:os_5`, decision: 'reject', reason: 'duplicate', by: 'colleague', at: '2025-01-02T03:04:07.000Z' },
  ];
  test.use({ files: { 'colleague.jsonl': `${lines.map((line) => JSON.stringify(line)).join('\n')}\n{"key": "broken"\n` } });

  test('loads decisions from a review file (later lines win) as one undoable step', async ({ page, serve }) => {
    await openDesk(page, serve, DEMO_RECORDS);
    await page.getByRole('button', { name: 'Load review…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Load a review' });
    await dialog.getByRole('textbox').fill(join(serve.dataDir, 'colleague.jsonl'));
    await dialog.getByRole('button', { name: 'Load', exact: true }).click();
    await expect(page.getByTestId('status')).toHaveText(/^Loaded 3 decisions from .*colleague\.jsonl; 1 line skipped \(first: line 4: not JSON/);
    await expect(reviewCell(page, 'os_4')).toHaveText('rejected');
    await expect(reviewCell(page, 'os_5')).toHaveText('rejected');
    await expect(page.getByTestId('review-counter')).toHaveText(`Reviewed 2 / ${DEMO_RECORDS}`);
    await gridCell(page, 'os_4').click();
    await expect(page.getByTestId('decision')).toHaveText('Rejected: wrong answer (note: from a colleague)');
    await page.keyboard.press('u');
    await expect(reviewCell(page, 'os_4')).toHaveText('unreviewed');
    await expect(page.getByTestId('review-counter')).toHaveText(`Reviewed 0 / ${DEMO_RECORDS}`);
  });
});
