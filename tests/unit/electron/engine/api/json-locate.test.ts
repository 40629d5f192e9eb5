import { describe, expect, it } from 'vitest';
import { lineColumn, locatePath, parsePath, splitPathMessage } from '../../../../../electron/engine/api/json-locate';

const text = JSON.stringify({ id: 'os_1', conversations: [{ from: 'human', value: 'a "quoted" [x] {y}' }, { from: 'bot', value: 'b', loss: true }] }, null, 2);

describe('json-locate', () => {
  it('parses reader paths and splits messages', () => {
    expect(parsePath('conversations[3].from')).toEqual(['conversations', 3, 'from']);
    expect(parsePath('messages[0].content[2].text')).toEqual(['messages', 0, 'content', 2, 'text']);
    expect(parsePath('not a path')).toBeNull();
    expect(splitPathMessage('conversations[1].from: expected one of human, gpt')).toEqual({ path: ['conversations', 1, 'from'], rest: 'expected one of human, gpt' });
    expect(splitPathMessage('expected an object')).toBeNull();
  });

  it('finds the value at a path, skipping strings with brackets and quotes', () => {
    const range = locatePath(text, ['conversations', 1, 'from']);
    expect(range).not.toBeNull();
    expect(text.slice(range!.start, range!.end)).toBe('"bot"');
    const element = locatePath(text, ['conversations', 0]);
    expect(JSON.parse(text.slice(element!.start, element!.end))).toEqual({ from: 'human', value: 'a "quoted" [x] {y}' });
  });

  it('falls back to the deepest ancestor that exists', () => {
    const range = locatePath(text, ['conversations', 1, 'missing']);
    expect(JSON.parse(text.slice(range!.start, range!.end))).toEqual({ from: 'bot', value: 'b', loss: true });
    expect(locatePath('   ', ['a'])).toBeNull();
  });

  it('gives 1-based lines and columns', () => {
    expect(lineColumn('ab\ncd', 0)).toEqual({ line: 1, column: 1 });
    expect(lineColumn('ab\ncd', 4)).toEqual({ line: 2, column: 2 });
  });
});
