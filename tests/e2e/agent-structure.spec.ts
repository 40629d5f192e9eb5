import { AGENT_MIX_RECORDS, writeAgentMixRecipe } from '../helpers/agent-mix';
import { HAVE_SHARED_DATA, NO_SHARED_DATA } from '../helpers/data';
import { expect, expectRecord, gridCell, openDesk, startServe, test } from './fixtures';

/**
 * The desk on the mixed agent recipe over ../shared/data (tests/helpers/agent-mix.ts; docs/ui.md,
 * "Agent structure"): tool calls shown as calls linked to their results, reasoning folded, the
 * system prompt and template turns folded with "same as N records", the runs' outcomes in the
 * Reward column and the verdicts, and a call's name and arguments edited with JSON validation.
 */

test.skip(!HAVE_SHARED_DATA, NO_SHARED_DATA);

test.setTimeout(240_000);

test('shows tool calls, reasoning, folded templates and run outcomes, and edits a call with JSON validation', async ({ page, dataDir }) => {
  const { serve, stop } = await startServe({ dataDir, args: ['--recipe', writeAgentMixRecipe(dataDir)] });
  try {
    const body = page.locator('body');
    await openDesk(page, serve, AGENT_MIX_RECORDS);
    await page.getByRole('button', { name: 'Run pipeline' }).click();
    await expect(body).toHaveAttribute('data-pipeline-runs', '1', { timeout: 120_000 });

    // ADP: actions are tool calls with their arguments formatted, results linked, descriptions as folded reasoning.
    await page.getByLabel('Quick search').fill('kg_132');
    await expect(body).toHaveAttribute('data-grid-rows', '1');
    await gridCell(page, 'kg_132').click();
    await expectRecord(page, 'kg_132');
    const viewer = page.getByTestId('viewer');
    const call = viewer.getByTestId('tool-call').first();
    await expect(call.getByTestId('tool-name')).toHaveText('get_relations');
    await expect(call.getByTestId('tool-arguments')).toContainText('"variable":');
    const reasoning = viewer.getByTestId('reasoning').first();
    await expect(reasoning).not.toHaveAttribute('open');
    await reasoning.locator('summary').click();
    await expect(reasoning).toHaveAttribute('open');
    // The task prompt the five records share is folded until opened.
    const firstTurn = viewer.getByTestId('turn').first();
    await expect(firstTurn.getByTestId('folded-turn')).toContainText('same as 5 records');
    await firstTurn.getByRole('button', { name: /^Open turn 0/ }).click();
    await expect(firstTurn.getByTestId('folded-turn')).toHaveCount(0);
    // A result names the call it answers and links back to it.
    const result = viewer.getByTestId('tool-result-of').first();
    await expect(result).toHaveText(/^result of get_relations \(turn \d+\)$/);
    await call.getByRole('button', { name: /^result: turn \d+$/ }).first().click();

    // SWE-agent: its system prompt is folded with the records that share it; its outcome is the reward.
    await page.getByLabel('Quick search').fill('plumbum-366_17');
    await expect(body).toHaveAttribute('data-grid-rows', '1');
    await gridCell(page, 'tomerfiliba__plumbum-366_17').click();
    await expectRecord(page, 'tomerfiliba__plumbum-366_17');
    await expect(viewer.getByTestId('turn').first().getByTestId('folded-turn')).toContainText(/System prompt, [\d,]+ characters, same as 5 records/);
    await expect(viewer.locator('.record-meta')).toContainText('reward 1');

    // AgentBench: a run that ended in an invalid action has reward 0 and is dropped for it.
    await page.getByLabel('Quick search').fill('medagentbench');
    await expect(body).toHaveAttribute('data-grid-rows', '46');
    await page.getByLabel('Quick search').fill('');
    await expect(body).toHaveAttribute('data-grid-rows', String(AGENT_MIX_RECORDS));

    // LLaMA-Factory v1 tool use: edit a call's arguments; invalid JSON cannot be saved, valid JSON can.
    await page.getByLabel('Quick search').fill('reason_tool_use');
    await expect(body).toHaveAttribute('data-grid-rows', '50');
    await page.locator('[role="gridcell"][col-id="source"]').nth(1).click();
    await expect(viewer.getByTestId('tool-call').first()).toBeVisible();
    await page.keyboard.press('e');
    const editor = page.getByTestId('editor');
    await expect(editor).toBeVisible();
    const withCall = editor.getByRole('button', { name: /^\d+ assistant$/ });
    const count = await withCall.count();
    for (let index = 0; index < count; index++) {
      await withCall.nth(index).click();
      if ((await editor.getByTestId('call-editor').count()) > 0) break;
    }
    const callEditor = editor.getByTestId('call-editor');
    await expect(callEditor).toBeVisible();
    const name = callEditor.getByRole('textbox', { name: 'Tool name of call 1' });
    const originalName = await name.inputValue();
    await name.fill(`${originalName}_v2`);
    await callEditor.getByTestId('call-arguments-editor').locator('.view-lines').click();
    await page.keyboard.press('Control+A');
    await page.keyboard.insertText('{"broken": ');
    await expect(callEditor.getByTestId('call-validation')).toContainText('Cannot save: the arguments are not valid JSON');
    await expect(editor.getByRole('button', { name: 'Save edit' })).toBeDisabled();
    await page.keyboard.press('Control+A');
    await page.keyboard.press('Delete');
    await page.keyboard.insertText('{"asset": "A-1"}');
    await expect(callEditor.getByTestId('call-validation')).toHaveText('Arguments are valid JSON.');
    await editor.getByRole('button', { name: 'Save edit' }).click();
    await expect(page.getByTestId('decision')).toContainText('Edited and accepted');
    await expect(viewer.getByTestId('tool-name').filter({ hasText: `${originalName}_v2` })).toHaveCount(1);
  } finally {
    await stop();
  }
});
