/**
 * What the trainer sees (docs/ui.md), through `agentmix serve`: the open record written by the
 * engine in the export dialog's format, its messages with the trained ones marked and their tokens,
 * the Llama-2 text with the trained spans, what the conversion changed, the trainers that ignore
 * loss flags, a record the format refuses, and the format shared with the export dialog. Our own
 * hand-written records (tests/unit/shared/export/trainer-cases.ts), one with markup in its text.
 */
import { TRAINER_CASES } from '../unit/shared/export/trainer-cases';
import { expect, expectRecord, gridCell, openDesk, test } from './fixtures';

const byName = (name: string) => {
  const found = TRAINER_CASES.find((entry) => entry.name.startsWith(name));
  if (found === undefined) throw new Error(name);
  return found.record;
};

const agent = byName('an AgentInstruct-style trajectory');
const tides = { id: 'tides_1', ...byName('OpenAI messages with parallel tool calls') };
const markup = {
  id: 'markup_1',
  conversations: [
    { from: 'human', value: 'Show me <img src=x onerror="document.body.dataset.pwned=1"> as text.' },
    { from: 'gpt', value: 'It is text: <script>document.body.dataset.pwned=2</script>' },
  ],
};
const alone = byName('a record with no assistant turn');

test.use({
  files: {
    'agent.json': JSON.stringify([agent]),
    'tides.jsonl': `${JSON.stringify(tides)}\n`,
    'chat.json': JSON.stringify([markup, alone]),
  },
  shards: ['agent.json', 'tides.jsonl', 'chat.json'],
});

test('shows the open record as the trainer of the chosen format sees it, and shares the format with the export dialog', async ({ page, serve }) => {
  await openDesk(page, serve, 4);
  const view = page.getByTestId('trainer-view');
  const format = page.getByRole('combobox', { name: 'Trainer view format' });
  const body = page.locator('body');

  await gridCell(page, 'os_7001').click();
  await expectRecord(page, 'os_7001');
  await page.getByRole('tab', { name: 'What the trainer sees' }).click();
  await expect(body).toHaveAttribute('data-trainer-view', /^sharegpt:/);
  // ShareGPT for LLaMA-Factory: six messages, the acknowledgement masked by its flag, which LLaMA-Factory ignores.
  await expect(page.getByTestId('trainer-summary')).toContainText('6 messages, 2 trained');
  await expect(view.getByTestId('trainer-message').nth(1)).toContainText('gpt not trained 2 tokens · source turn 1Ok.');
  await expect(view.getByTestId('trainer-loss')).toContainText('LLaMA-Factory (dataset_info.json) ignores the loss flags: it trains 1 turn of this record differently; llamafactory-messages keeps them.');

  // The Llama-2 text, the trained answers marked, not the "Ok.", and not the </s> after them.
  await format.selectOption('llama2-chat');
  await expect(body).toHaveAttribute('data-trainer-view', /^llama2-chat:/);
  const marks = view.locator('pre[aria-label="The Llama-2-chat text, trained spans marked"] mark');
  await expect(marks).toHaveCount(2);
  await expect(marks.nth(1)).toHaveText('Think: The file has 12 lines.\n\nAct: answer(12)');
  await expect(view.locator('pre[aria-label="The Llama-2-chat text, trained spans marked"]')).toContainText('[INST] <<SYS>>\nYou are a helpful, respectful and honest assistant.\n<</SYS>>\n\n');
  await expect(view.getByTestId('trainer-message').first()).toContainText('tokens');

  // OpenAI: the parallel calls keep their ids, and the tool results answer them.
  await format.selectOption('openai');
  await gridCell(page, 'tides_1').click();
  await expect(body).toHaveAttribute('data-trainer-view', /^openai:.*tides_1$/);
  await expect(page.getByTestId('trainer-written')).toContainText('"tool_call_id": "call_tide"');
  await expect(page.getByTestId('trainer-summary')).toContainText('7 messages, 2 trained');

  // AgentInstruct has two roles: what the conversion changed is listed.
  await format.selectOption('agentinstruct');
  await expect(body).toHaveAttribute('data-trainer-view', /^agentinstruct:.*tides_1$/);
  const conversions = page.getByTestId('trainer-conversions');
  await expect(conversions).toContainText('the system prompt is put before the first user message');
  await expect(conversions).toContainText('tool results are written as user turns');
  await expect(conversions).toContainText('tool definitions are left out');

  // Markup in a record stays text.
  await gridCell(page, 'markup_1').click();
  await expect(body).toHaveAttribute('data-trainer-view', /^agentinstruct:.*markup_1$/);
  await expect(view.getByTestId('trainer-message').nth(1)).toContainText('<script>document.body.dataset.pwned=2</script>');
  await expect(view.locator('img, script')).toHaveCount(0);
  await expect(body).not.toHaveAttribute('data-pwned', /.*/);

  // A record the format cannot hold says why.
  await gridCell(page, 'alone_1').click();
  await expect(body).toHaveAttribute('data-trainer-view', /^agentinstruct:.*alone_1$/);
  await expect(page.getByTestId('trainer-refused')).toContainText('agentinstruct cannot hold this record: the record has no assistant turn to train');

  // One format for the desk and the export dialog.
  await page.getByRole('tab', { name: 'Export' }).click();
  await expect(page.getByRole('combobox', { name: 'Format' })).toHaveValue('agentinstruct');
  await page.getByRole('combobox', { name: 'Format' }).selectOption('tokenized');
  await page.getByRole('tab', { name: 'Review desk' }).click();
  await expect(format).toHaveValue('tokenized');
});
