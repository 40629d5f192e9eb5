import { expect, expectRecord, gridCell, openDesk, test } from './fixtures';

/** Text that runs script if anything renders it as HTML; each payload sets a different flag. */
const PAYLOADS = [
  '<img src=x onerror="window.__xss = (window.__xss || []).concat(\'img\')">',
  '<script>window.__xss = (window.__xss || []).concat(\'script\')</script>',
  '<a href="javascript:window.__xss = (window.__xss || []).concat(\'link\')">click me</a>',
  '[markdown link](javascript:window.__xss=(window.__xss||[]).concat(\'markdown\'))',
];

/** An os trajectory carrying the payloads in a prompt, an action and a fenced observation. */
const record = {
  id: 'os_666',
  conversations: [
    { from: 'human', value: `Please summarize this page:\n${PAYLOADS.join('\n')}` },
    { from: 'gpt', value: `Think: the page holds markup.\n\nAct: answer(${PAYLOADS[0]})`, loss: true },
    { from: 'human', value: `Observation:\n\`\`\`html\n${PAYLOADS[1]}\n\`\`\`` },
    { from: 'gpt', value: 'Think: done.\n\nAct: finish', loss: true },
  ],
};

test.use({
  files: { 'hostile.jsonl': `${JSON.stringify(record)}\n${JSON.stringify({ ...record, id: '<img src=x onerror=alert(1)>' })}\n` },
  shards: ['hostile.jsonl'],
});

test('shows a record full of HTML and script as text, and no script runs', async ({ page, serve }) => {
  page.on('dialog', (dialog) => {
    throw new Error(`a dialog opened: ${dialog.message()}`);
  });
  await openDesk(page, serve, 2);
  // The grid shows the hostile id and preview as text.
  await expect(gridCell(page, '<img src=x onerror=alert(1)>')).toBeVisible();
  await gridCell(page, 'os_666').click();
  await expectRecord(page, 'os_666');
  const viewer = page.getByTestId('viewer');
  const turns = viewer.getByTestId('turn');
  await expect(turns).toHaveCount(4);
  for (const payload of PAYLOADS) await expect(turns.nth(0)).toContainText(payload);
  await expect(turns.nth(1).getByRole('region', { name: 'Act' })).toContainText(`answer(${PAYLOADS[0]})`);
  await expect(turns.nth(2).locator('pre.code')).toHaveText(PAYLOADS[1]);
  // Nothing became markup: no image, script, or link element inside the record, and no flag set.
  await expect(page.locator('[data-testid=viewer] img, [data-testid=viewer] script, [data-testid=viewer] a, [data-testid=viewer] iframe')).toHaveCount(0);
  await expect(page.locator('[role=grid] img')).toHaveCount(0);
  await page.getByText('click me', { exact: false }).first().click();
  expect(await page.evaluate(() => (window as unknown as { __xss?: string[] }).__xss ?? [])).toEqual([]);
  // The hostile id opens as text too (its title is the id).
  await gridCell(page, '<img src=x onerror=alert(1)>').click();
  await expect(viewer.locator('.record-title')).toHaveText('<img src=x onerror=alert(1)>');
  expect(await page.evaluate(() => (window as unknown as { __xss?: string[] }).__xss ?? [])).toEqual([]);
});
