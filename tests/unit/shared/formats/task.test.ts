import { describe, expect, it } from 'vitest';
import { FORMATS, taskFromId } from '../../../../shared/formats/index';
import { outcomeOf, rewardOf } from '../../../../shared/formats/record-fields';
import { toolDefinitionsOf } from '../../../../shared/formats/tool-definitions';
import { taskOf } from '../../../../shared/formats/task';

describe('taskFromId', () => {
  it.each([
    ['os_42', 'os'],
    ['db_100', 'db'],
    ['alfworld_155', 'alfworld'],
    ['webshop_sneakers0_clean_0', 'webshop'],
    ['kg_132', 'kg'],
    ['mind2web_111', 'mind2web'],
    ['identity_0', null],
    ['hRPPgZT_0', null],
    ['os', null],
    ['oss_1', null],
    ['OS_1', null],
    ['webshop-3', null],
    ['', null],
  ])('%s → %s', (id, task) => {
    expect(taskFromId(id)).toBe(task);
  });

  it('is null without an id', () => {
    expect(taskFromId(null)).toBeNull();
  });
});

describe('taskOf', () => {
  it('prefers the id prefix, then a task field, then the per-source setting', () => {
    expect(taskOf('os_1', { task: 'math' }, { task: 'code' })).toBe('os');
    expect(taskOf('x_1', { task: 'math' }, { task: 'code' })).toBe('math');
    expect(taskOf('x_1', { task: '' }, { task: 'code' })).toBe('code');
    expect(taskOf(null, { task: 7 }, undefined)).toBeNull();
  });

  it('reaches the readers through the context', () => {
    const record = { conversations: [{ from: 'human', value: 'hi' }] };
    const result = FORMATS.sharegpt.read(record, { task: 'general' });
    expect(result.ok && result.conversation.task).toBe('general');
  });
});

describe('rewardOf', () => {
  it.each([
    [{ reward: 0.75 }, 0.75],
    [{ reward: true }, 1],
    [{ meta: { reward: 0.5 } }, 0.5],
    [{ success: false }, 0],
    [{ success: true, reward: 0.25 }, 0.25],
    [{ reward: '1.0' }, null],
    [{ info: { reward: false } }, 0],
    [{ resolved: true }, 1],
    [{ meta: [0.5] }, null],
    [{}, null],
  ])('%j → %s', (record, reward) => {
    expect(rewardOf(record)).toBe(reward);
  });
});

describe('outcomeOf', () => {
  it('says what the outcome is and where it was found', () => {
    expect(outcomeOf({ reward: 0.75 })).toEqual({ reward: 0.75, success: null, status: null, from: 'reward' });
    expect(outcomeOf({ info: { reward: false, acc: 0 } })).toEqual({ reward: 0, success: false, status: null, from: 'info.reward' });
    expect(outcomeOf({ resolved: true, instance_id: 'x' })).toEqual({ reward: 1, success: true, status: null, from: 'resolved' });
    expect(outcomeOf({ reward: Number.NaN, success: true })).toEqual({ reward: 1, success: true, status: null, from: 'success' });
    expect(outcomeOf({ status: 'done' })).toBeUndefined();
  });

  it('gives the conversation its reward and outcome when a format reads the record', () => {
    const result = FORMATS.sharegpt.read({ conversations: [{ from: 'human', value: 'q' }], resolved: false });
    expect(result.ok && result.conversation.reward).toBe(0);
    expect(result.ok && result.conversation.outcome).toEqual({ reward: 0, success: false, status: null, from: 'resolved' });
  });
});

describe('toolDefinitionsOf', () => {
  it('reads OpenAI tools, LLaMA-Factory JSON strings and plain lists', () => {
    const parameters = { type: 'object', properties: {} };
    expect(toolDefinitionsOf([{ type: 'function', function: { name: 'a', description: 'A', parameters } }])).toEqual([{ name: 'a', description: 'A', parameters }]);
    expect(toolDefinitionsOf('[{"name": "b", "parameters": {}}]')).toEqual([{ name: 'b', parameters: {} }]);
    expect(toolDefinitionsOf({ name: 'c' })).toEqual([{ name: 'c' }]);
    expect(toolDefinitionsOf([{ name: 1 }, 'x', { name: 'd' }])).toEqual([{ name: 'd' }]);
    for (const none of [undefined, '', 'not json', '[]', 3, [{ description: 'nameless' }]]) expect(toolDefinitionsOf(none)).toBeUndefined();
  });
});
