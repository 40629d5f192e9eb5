import { describe, expect, it } from 'vitest';
import { identify } from '../../../../shared/formats/index';
import { loadValues } from './data-values';
import { itWithData } from '../../../helpers/with-data';

describe('identify', () => {
  it('tells AgentInstruct from plain ShareGPT by task ids or loss flags', () => {
    const plain = { id: 'abc_0', conversations: [{ from: 'human', value: 'hi' }, { from: 'gpt', value: 'hello' }] };
    expect(identify([plain])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
    expect(identify([{ ...plain, id: 'kg_12' }])).toMatchObject({ kind: 'conversations', format: 'agentinstruct', confidence: 1 });
    const flagged = { ...plain, conversations: [plain.conversations[0], { ...plain.conversations[1], loss: true }] };
    expect(identify([flagged])).toMatchObject({ kind: 'conversations', format: 'agentinstruct' });
    // Loss flags with LLaMA-Factory roles are ShareGPT with flags, not AgentInstruct.
    const tools = { id: 'os_1', conversations: [{ from: 'human', value: 'q' }, { from: 'function_call', value: '{}', loss: true }] };
    expect(identify([tools])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
  });

  itWithData('goes by the majority of the samples, so one odd record does not change the format', () => {
    const values = loadValues('fastchat-sharegpt/dummy_conversation.json').slice(0, 31);
    expect(identify([...values, { messages: [{ role: 'user', content: 'x' }] }])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
  });

  it('reads a file whose records mix formats or hold a few non-objects as the majority format (the odd ones fail one by one)', () => {
    const share = (id: number) => ({ id: `s${id}`, conversations: [{ from: 'human', value: 'q' }, { from: 'gpt', value: 'a' }] });
    const chat = { messages: [{ role: 'user', content: 'q' }, { role: 'assistant', content: 'a' }] };
    // 5 ShareGPT, 3 OpenAI: the mean score used to fall below every threshold.
    expect(identify([chat, share(1), chat, share(2), share(3), chat, share(4), share(5)])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
    expect(identify([chat, chat, share(1)])).toMatchObject({ kind: 'conversations', format: 'openai' });
    // Non-objects do not count against the objects: 4 records among 6 numbers and nulls.
    expect(identify([1, share(1), null, 'x', share(2), [1], share(3), 2, share(4), true])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
    // Three formats, none a majority: the largest wins.
    const roles = { conversations: [{ role: 'user', content: 'q' }] };
    expect(identify([share(1), share(2), share(3), chat, chat, roles, roles])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
  });

  it('never names keys the expected turns have when it refuses a file', () => {
    const share = { conversations: [{ from: 'human', value: 'q' }] };
    const odd = { conversations: [{ speaker: 'A', text: 'hi' }] };
    const identification = identify([share, odd, odd, odd]);
    expect(identification).toEqual({
      kind: 'unknown',
      message: 'not a conversation format we read (only 1 of the 4 objects sampled are conversations): the records have `conversations`, but their turns have keys speaker, text; expected from/value (ShareGPT) or role/content (role/content, OpenAI)',
    });
  });

  it('still names the format when records use the wrong role names, so that reading reports each record', () => {
    const record = { conversations: [{ from: 'user', value: 'hi' }, { from: 'assistant', value: 'yo' }] };
    expect(identify([record])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
  });

  it('says what it found when nothing matches', () => {
    expect(identify([])).toEqual({ kind: 'unknown', message: 'no values to identify: the file holds no records (an empty array or no lines)' });
    expect(identify([{ prompt: 'a', completion: 'b' }, { prompt: 'c', completion: 'd', score: 1 }])).toEqual({
      kind: 'unknown',
      message:
        'not a conversation format we read: the records have keys prompt, completion, score; expected a format of docs/formats.md (`conversations` as ShareGPT, AgentInstruct or role/content; `messages` as OpenAI; Alpaca `instruction`/`output`; a run log), or a mapping that names the fields',
    });
    expect(identify([{ instruction: 'a', input: '', output: 'b' }])).toMatchObject({ kind: 'conversations', format: 'alpaca' });
    expect(identify([{ conversations: [{ speaker: 'A', text: 'hi' }] }])).toEqual({
      kind: 'unknown',
      message: 'not a conversation format we read: the records have `conversations`, but their turns have keys speaker, text; expected from/value (ShareGPT) or role/content (role/content, OpenAI)',
    });
    expect(identify([1, 2, 3])).toMatchObject({ kind: 'unknown', message: expect.stringContaining('the values are numbers') });
    expect(identify([[1], [2]])).toMatchObject({ kind: 'unknown', message: expect.stringContaining('the values are arrays') });
  });

  itWithData('recognizes a single-object OS test file and a ToolBench answer file from one value', () => {
    const os = loadValues('agentbench-old-testsets/os_interaction/data/4/N11.json');
    expect(identify(os)).toMatchObject({ kind: 'not-conversations', what: 'AgentBench OS test set' });
    const toolbench = loadValues('toolbench-sample/10_ChatGPT_DFS_woFilter_w2.json');
    expect(identify(toolbench)).toMatchObject({ kind: 'not-conversations', what: 'ToolBench DFS answer file' });
  });
});
