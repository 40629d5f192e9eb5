import { expect, expectRecord, openDesk, test } from './fixtures';

/**
 * Right-to-left overrides in names and text (docs/security.md, "Dataset text"): a file named
 * `invoice<RLO>lmth.json` would show as "invoicenosj.html", and an id holding one would reorder the
 * viewer's header line around it. Names show their controls as marks and are isolated; turn text
 * keeps its controls and is isolated.
 */
const RLO = '\u202E';
const record = {
  id: `task${RLO}exe.fdp`,
  conversations: [
    { from: 'human', value: `Which file is it? ${RLO}txt.exe and then more words` },
    { from: 'gpt', value: 'It is the invoice.' },
  ],
};

test.use({ files: { [`invoice${RLO}lmth.json`]: JSON.stringify([record]) }, shards: [`invoice${RLO}lmth.json`] });

test('shows bidi controls in file names and ids as marks, and isolates names and turns', async ({ page, serve }) => {
  await openDesk(page, serve, 1);
  await expect(page.getByTestId('source').locator('.source-name')).toHaveText('invoice⟨RLO⟩lmth.json');
  await expect(page.locator('[role="gridcell"][col-id="id"]').first()).toHaveText('task⟨RLO⟩exe.fdp');
  await page.locator('[role="gridcell"][col-id="id"]').first().click();
  await expectRecord(page, 'task\u202Eexe.fdp');
  const viewer = page.getByTestId('viewer');
  await expect(viewer.locator('.record-title')).toHaveText('task⟨RLO⟩exe.fdp');
  await expect(viewer.getByTestId('record-source')).toHaveText('invoice⟨RLO⟩lmth.json');
  // Every name is its own isolate; the dataset's text keeps its override but cannot leak out of its paragraph.
  const isolation = await viewer.evaluate((element) => ({
    names: [...element.querySelectorAll('.record-meta bdi, .record-title bdi')].map((node) => getComputedStyle(node).unicodeBidi),
    prose: [...element.querySelectorAll('.prose')].map((node) => getComputedStyle(node).unicodeBidi),
    text: element.querySelector('.prose')?.textContent ?? '',
  }));
  expect(isolation.names.length).toBeGreaterThanOrEqual(3);
  expect(new Set(isolation.names)).toEqual(new Set(['isolate']));
  expect(new Set(isolation.prose)).toEqual(new Set(['isolate']));
  expect(isolation.text).toContain(`${RLO}txt.exe`);
  const cell = await page.locator('[role="gridcell"][col-id="id"]').first().evaluate((node) => getComputedStyle(node).unicodeBidi);
  expect(cell).toBe('isolate');
});
