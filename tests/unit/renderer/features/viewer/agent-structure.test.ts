import { describe, expect, it } from 'vitest';
import { argumentsProblem, firstCallProblem } from '../../../../../renderer/src/features/editor/call-editor';
import { foldLabel, startsFolded } from '../../../../../renderer/src/features/viewer/folded-turn';
import { formattedArguments } from '../../../../../renderer/src/features/viewer/tool-calls';
import type { TurnData } from '../../../../../renderer/src/api/types';

const turn = (fields: Partial<TurnData>): TurnData => ({ role: 'assistant', text: '', loss: null, from: 'assistant', ...fields });

describe('tool calls in the desk', () => {
  it('formats arguments that are JSON and shows the others as written', () => {
    expect(formattedArguments('{"a":1,"b":[true]}')).toEqual({ text: '{\n  "a": 1,\n  "b": [\n    true\n  ]\n}', json: true });
    expect(formattedArguments('search[shoes]')).toEqual({ text: 'search[shoes]', json: false });
  });

  it('names the first call that cannot be saved, by turn and call', () => {
    expect(argumentsProblem('{"ok": true}')).toBeNull();
    expect(argumentsProblem('{"ok": ')).toMatch(/^not valid JSON: /);
    const turns = [turn({ role: 'user', text: 'q', from: 'user' }), turn({ toolCalls: [{ name: 'a', arguments: '{}' }, { name: 'b', arguments: '{' }] })];
    expect(firstCallProblem(turns)).toMatch(/^turn 1, call 2 \(b\): the arguments are not valid JSON: /);
    expect(firstCallProblem([turn({ toolCalls: [{ name: ' ', arguments: '{}' }] })])).toBe('turn 0, call 1 ( ): the tool name is empty');
    expect(firstCallProblem(turns.slice(0, 1))).toBeNull();
  });

  it('folds the system prompt and template turns, saying how many records share them', () => {
    const system = turn({ role: 'system', text: 'x'.repeat(1200), from: 'system' });
    expect(startsFolded(system, 0)).toBe(true);
    expect(foldLabel(system, 0)).toBe('System prompt, 1,200 characters');
    const prompt = turn({ role: 'user', text: 'You are an agent.', from: 'human' });
    expect(startsFolded(prompt, 1)).toBe(false);
    expect(startsFolded(prompt, 50)).toBe(true);
    expect(foldLabel(prompt, 50)).toBe('Template turn, 17 characters, same as 50 records');
  });
});
