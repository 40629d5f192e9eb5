import { describe, expect, it } from 'vitest';
import { identify } from '../../../../shared/formats/index';
import { loadValues } from './data-values';

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

  it('goes by the majority of the samples, so one odd record does not change the format', () => {
    const values = loadValues('fastchat-sharegpt/dummy_conversation.json').slice(0, 31);
    expect(identify([...values, { messages: [{ role: 'user', content: 'x' }] }])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
  });

  it('still names the format when records use the wrong role names, so that reading reports each record', () => {
    const record = { conversations: [{ from: 'user', value: 'hi' }, { from: 'assistant', value: 'yo' }] };
    expect(identify([record])).toMatchObject({ kind: 'conversations', format: 'sharegpt' });
  });

  it('says what it found when nothing matches', () => {
    expect(identify([])).toEqual({ kind: 'unknown', message: 'no values to identify: the file holds no records (an empty array or no lines)' });
    expect(identify([{ instruction: 'a', input: '', output: 'b' }, { instruction: 'c', output: 'd' }])).toEqual({
      kind: 'unknown',
      message: 'not a conversation format we read: the records have keys instruction, output, input; expected records with `conversations` (ShareGPT, AgentInstruct, role/content) or `messages` (OpenAI)',
    });
    expect(identify([{ conversations: [{ speaker: 'A', text: 'hi' }] }])).toEqual({
      kind: 'unknown',
      message: 'not a conversation format we read: the records have `conversations`, but their turns have keys speaker, text; expected from/value (ShareGPT) or role/content (role/content, OpenAI)',
    });
    expect(identify([1, 2, 3])).toMatchObject({ kind: 'unknown', message: expect.stringContaining('the values are numbers') });
    expect(identify([[1], [2]])).toMatchObject({ kind: 'unknown', message: expect.stringContaining('the values are arrays') });
  });

  it('recognizes a single-object OS test file and a ToolBench answer file from one value', () => {
    const os = loadValues('agentbench-old-testsets/os_interaction/data/4/N11.json');
    expect(identify(os)).toMatchObject({ kind: 'not-conversations', what: 'AgentBench OS test set' });
    const toolbench = loadValues('toolbench-sample/10_ChatGPT_DFS_woFilter_w2.json');
    expect(identify(toolbench)).toMatchObject({ kind: 'not-conversations', what: 'ToolBench DFS answer file' });
  });
});
