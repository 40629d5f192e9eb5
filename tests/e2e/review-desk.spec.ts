import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseReviewFile } from '../../shared/review/parse-review-file';
import { DEMO_RECORDS, expect, expectRecord, gridCell, openDesk, reviewCell, test } from './fixtures';

test('opens the demo and shows a trajectory turn by turn with loss badges and Thought / Action', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  await expect(page.getByTestId('source')).toHaveCount(4);
  await expect(page.getByRole('listitem', { name: 'agentinstruct.json' })).toContainText('agentinstruct · 71 records');
  await expect(page.getByTestId('review-counter')).toHaveText(`Reviewed 0 / ${DEMO_RECORDS}`);

  await gridCell(page, 'webshop_1').click();
  await expectRecord(page, 'webshop_1');
  const viewer = page.getByTestId('viewer');
  const turns = viewer.getByTestId('turn');
  await expect(turns).toHaveCount(10);
  // AgentInstruct loss flags: the prompt has none (a user turn never trains), "Ok." is loss false, agent turns true.
  await expect(turns.nth(0).getByTestId('loss-badge')).toHaveText('masked (default)');
  await expect(turns.nth(1)).toContainText('Ok.');
  await expect(turns.nth(1).getByTestId('loss-badge')).toHaveText('masked');
  await expect(turns.nth(3).getByTestId('loss-badge')).toHaveText('trained');
  await expect(turns.nth(3).getByRole('region', { name: 'Thought' })).toContainText('I will search for a');
  await expect(turns.nth(3).getByRole('region', { name: 'Action' })).toContainText('search[');

  // An os trajectory: its bash action is a monospaced code block.
  await page.getByLabel('Quick search').fill('os_2');
  await expect(page.locator('body')).toHaveAttribute('data-grid-rows', '1');
  await gridCell(page, 'os_2').click();
  await expectRecord(page, 'os_2');
  await expect(viewer.locator('.section-action pre.code').first()).toBeVisible();
  // The long task prompt is collapsed until asked for.
  const showAll = turns.nth(0).getByRole('button', { name: /Show all of turn 0/ });
  await expect(showAll).toBeVisible();
  await showAll.click();
  await expect(turns.nth(0).getByRole('button', { name: 'Collapse turn 0' })).toBeVisible();

  // A pasted record key (`<prefix>:<id>`) crosses the key's two parts, and still finds its record.
  const key = await viewer.getAttribute('data-key');
  expect(key).toMatch(/^[0-9a-f]{8}:os_2$/);
  await page.getByLabel('Quick search').fill(key ?? '');
  await expect(page.locator('body')).toHaveAttribute('data-grid-rows', '1');
  await expect(gridCell(page, 'os_2')).toBeVisible();
});

test('reviews with the keyboard: accept, reject with a reason, edit with a diff, undo, reload, save the review file', async ({ page, serve }) => {
  await openDesk(page, serve, DEMO_RECORDS);
  const body = page.locator('body');
  const viewer = page.getByTestId('viewer');
  await gridCell(page, 'webshop_1').click();
  await expectRecord(page, 'webshop_1');

  // a: accept, stored, then the next record.
  await page.keyboard.press('a');
  await expect(body).toHaveAttribute('data-decision', /:webshop_1:accepted$/);
  await expectRecord(page, 'webshop_2');

  // r: reject with a reason from the picker (key 2: bad format) and a note.
  await page.keyboard.press('r');
  const dialog = page.getByRole('dialog', { name: 'Reject webshop_2' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('2');
  await expect(dialog.getByRole('radio', { name: /bad format/ })).toBeChecked();
  await dialog.getByRole('textbox').fill('Action line missing');
  await dialog.getByRole('button', { name: 'Reject' }).click();
  await expect(body).toHaveAttribute('data-decision', /:webshop_2:rejected$/);
  await expectRecord(page, 'webshop_3');
  await expect(page.getByTestId('review-counter')).toHaveText(`Reviewed 2 / ${DEMO_RECORDS}`);
  await expect(reviewCell(page, 'webshop_1')).toHaveText('accepted');
  await expect(reviewCell(page, 'webshop_2')).toHaveText('rejected');

  // e: edit turn 3's text (the first agent action) in Monaco, see the diff, save.
  await page.keyboard.press('e');
  const editor = page.getByTestId('editor');
  await expect(editor.getByRole('button', { name: '3 assistant', exact: true })).toHaveAttribute('aria-pressed', 'true');
  const turnText = editor.getByTestId('turn-text-editor').locator('.view-lines');
  await expect(turnText).toContainText('Thought');
  await turnText.click();
  await page.keyboard.press('Control+End');
  await page.keyboard.type(' EDITED-BY-E2E');
  await editor.getByLabel('Loss flag of turn 3').selectOption('false');
  await editor.getByRole('tab', { name: 'Diff' }).click();
  await expect(body).toHaveAttribute('data-diff-shown', /webshop_3$/);
  const diff = editor.getByTestId('diff-editor');
  // Unchanged regions fold away, so the changed turn is on screen, marked as inserted text.
  await expect(diff.locator('.editor.modified')).toContainText('EDITED-BY-E2E', { timeout: 20_000 });
  await expect(diff.locator('.editor.modified .char-insert').first()).toBeVisible();
  await expect(diff.locator('.editor.original')).not.toContainText('EDITED-BY-E2E');
  await expect(editor.getByTestId('validation')).toHaveText('Valid agentinstruct record.');
  await editor.getByRole('button', { name: 'Save edit' }).click();
  await expect(body).toHaveAttribute('data-decision', /:webshop_3:edited$/);
  await expect(viewer.getByTestId('turn').nth(3)).toContainText('EDITED-BY-E2E');
  await expect(viewer.getByTestId('turn').nth(3).getByTestId('loss-badge')).toHaveText('masked');
  await expect(viewer.getByTestId('decision')).toHaveText('Edited and accepted');

  // u: undo the edit; Ctrl+Shift+Z: redo it.
  await page.keyboard.press('u');
  await expect(body).toHaveAttribute('data-undo', /^Edit webshop_3$/);
  await expect(viewer.getByTestId('decision')).toHaveText('Not reviewed');
  await expect(viewer.getByTestId('turn').nth(3)).not.toContainText('EDITED-BY-E2E');
  await page.keyboard.press('Control+Shift+Z');
  await expect(viewer.getByTestId('decision')).toHaveText('Edited and accepted');
  await expect(viewer.getByTestId('turn').nth(3)).toContainText('EDITED-BY-E2E');

  // Reload: the review comes back from IndexedDB exactly as it was.
  await page.reload();
  await expect(body).toHaveAttribute('data-review-loaded', '3');
  await expect(body).toHaveAttribute('data-grid-rows', String(DEMO_RECORDS));
  await expect(page.getByTestId('review-counter')).toHaveText(`Reviewed 3 / ${DEMO_RECORDS}`);
  // The WebShop trajectories sit below the first screen of rows: search for them.
  await page.getByLabel('Quick search').fill('webshop');
  await expect(body).toHaveAttribute('data-grid-rows', '13');
  await expect(reviewCell(page, 'webshop_2')).toHaveText('rejected');
  await gridCell(page, 'webshop_3').click();
  await expectRecord(page, 'webshop_3');
  await expect(viewer.getByTestId('turn').nth(3)).toContainText('EDITED-BY-E2E');
  await gridCell(page, 'webshop_2').click();
  await expectRecord(page, 'webshop_2');
  await expect(viewer.getByTestId('decision')).toHaveText('Rejected: bad format (note: Action line missing)');

  // n: the next unreviewed record skips the reviewed ones.
  await gridCell(page, 'webshop_1').click();
  await expectRecord(page, 'webshop_1');
  await page.keyboard.press('n');
  await expectRecord(page, 'webshop_4');

  // Save the review file (serve mode: a path on the serving machine) and check its lines.
  await page.getByRole('button', { name: 'Save review…' }).click();
  const saveDialog = page.getByRole('dialog', { name: 'Save the review' });
  await expect(saveDialog.getByRole('textbox')).toHaveValue(join(serve.dataDir, 'review.jsonl'));
  await saveDialog.getByRole('button', { name: 'Save', exact: true }).click();
  await expect(body).toHaveAttribute('data-review-file', 'save');
  await expect(page.getByTestId('status')).toHaveText(`Saved 3 decisions to ${join(serve.dataDir, 'review.jsonl')}`);
  const parsed = parseReviewFile(readFileSync(join(serve.dataDir, 'review.jsonl'), 'utf8'), 'review.jsonl');
  expect(parsed.problems).toEqual([]);
  const lines = parsed.entries.map(({ key, decision, reason, note, edited }) => ({ id: key.split(':')[1], decision, reason, note, edited }));
  expect(lines.map((line) => [line.id, line.decision, line.reason, line.note])).toEqual([
    ['webshop_1', 'accept', undefined, undefined],
    ['webshop_2', 'reject', 'bad format', 'Action line missing'],
    ['webshop_3', 'accept', undefined, undefined],
  ]);
  const edited = lines[2].edited as { id: string; conversations: { value: string; loss: boolean }[] };
  expect(edited.id).toBe('webshop_3');
  expect(edited.conversations[3].value).toMatch(/EDITED-BY-E2E$/);
  expect(edited.conversations[3].loss).toBe(false);
  for (const entry of parsed.entries) expect(entry.by.length).toBeGreaterThan(0);
});
