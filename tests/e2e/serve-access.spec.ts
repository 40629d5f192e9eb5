import { mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, openDesk, test } from './fixtures';

/**
 * Widening the allowed folders from the browser (docs/security.md, "File access"): a shard outside
 * the folders serve was started with is refused with a message naming it; the user's click on
 * "Allow this folder and try again" asks the server, which prints the folder it adds, and opens it.
 */

/** Three chats, written here in our own words. */
const CHATS = JSON.stringify(
  ['a tent', 'a kayak', 'a lantern'].map((thing, index) => ({
    id: `outside_${index + 1}`,
    conversations: [
      { from: 'human', value: `What should I check before renting ${thing} for a weekend?` },
      { from: 'gpt', value: `Look at the condition of ${thing}, ask what the deposit covers, and try it once before you leave.` },
    ],
  })),
);

test('refuses a shard outside the allowed folders, then opens it once the user allows its folder', async ({ page, serve }) => {
  const elsewhere = realpathSync(mkdtempSync(join(tmpdir(), 'agentmix-elsewhere-')));
  try {
    writeFileSync(join(elsewhere, 'rentals.json'), CHATS);
    await openDesk(page, serve);
    await page.getByRole('button', { name: 'Open shards…' }).click();
    const dialog = page.getByRole('dialog', { name: 'Open shards' });
    await dialog.getByLabel(/Files or folders/).fill(join(elsewhere, 'rentals.json'));
    await dialog.getByLabel('Role', { exact: true }).selectOption('general');
    await dialog.getByRole('button', { name: 'Open', exact: true }).click();
    await expect(dialog.getByRole('alert')).toContainText(`shard ${join(elsewhere, 'rentals.json')}: outside the folders this server may read`);
    expect(serve.output()).not.toContain(`Allowed ${elsewhere}`);

    await dialog.getByRole('button', { name: 'Allow this folder and try again' }).click();
    await expect(page.getByTestId('status')).toHaveText('Opened 1 source (3 records)');
    await expect(page.getByRole('listitem', { name: 'rentals.json' })).toContainText('general');
    // Printed before the answer went out, but the pipe and the socket are two channels: wait for the line.
    await expect.poll(() => serve.output()).toContain(`Allowed ${elsewhere} (asked by the browser).`);
  } finally {
    rmSync(elsewhere, { recursive: true, force: true });
  }
});
