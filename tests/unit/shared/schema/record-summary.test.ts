import { describe, expect, it } from 'vitest';
import type { Conversation, Turn } from '../../../../shared/schema/conversation';
import { collapsedPrefix, summarize } from '../../../../shared/schema/record-summary';

function conversation(turns: Turn[]): Conversation {
  return { id: 'os_1', task: 'os', reward: 0.5, turns, raw: null };
}

describe('summarize', () => {
  it('counts turns, characters and loss flags, and previews the first user turn', () => {
    const summary = summarize(
      conversation([
        { role: 'system', text: 'You are helpful.', loss: null, from: 'system' },
        { role: 'user', text: '  Find\n\nthe   file\t', loss: null, from: 'human' },
        { role: 'assistant', text: 'Ok.', loss: false, from: 'gpt' },
        { role: 'user', text: 'second', loss: null, from: 'human' },
        { role: 'assistant', text: 'Act: finish', loss: true, from: 'gpt' },
      ]),
    );
    expect(summary).toEqual({
      id: 'os_1', task: 'os', turns: 5, chars: 16 + 19 + 3 + 6 + 11,
      lossTrue: 1, lossFalse: 1, lossNull: 3, reward: 0.5, firstUserText: 'Find the file',
    });
  });

  it('gives an empty preview when there is no user turn', () => {
    expect(summarize(conversation([{ role: 'assistant', text: 'hi', loss: null, from: 'gpt' }])).firstUserText).toBe('');
  });

  it('cuts the preview to the given length', () => {
    const long = 'word '.repeat(100);
    expect(summarize(conversation([{ role: 'user', text: long, loss: null, from: 'user' }]), 12).firstUserText).toBe('word word wo');
  });
});

describe('collapsedPrefix', () => {
  /** The definition: collapse all whitespace, trim, cut, drop a trailing space and a cut surrogate half. */
  function reference(text: string, limit: number): string {
    let out = text.replace(/\s+/g, ' ').trim().slice(0, limit).trimEnd();
    const last = out.charCodeAt(out.length - 1);
    if (last >= 0xd800 && last <= 0xdbff) out = out.slice(0, -1);
    return out;
  }

  it.each([
    ['', 5, ''],
    ['   ', 5, ''],
    ['abc', 5, 'abc'],
    ['abcdef', 3, 'abc'],
    ['ab cd', 3, 'ab'],
    ['a\u00a0\u2003b', 5, 'a b'],
    ['x😀y', 2, 'x'],
    ['x😀y', 3, 'x😀'],
  ])('%j cut to %i → %j', (text, limit, expected) => {
    expect(collapsedPrefix(text, limit)).toBe(expected);
  });

  it('agrees with the regular-expression definition on random texts of spaces, tabs, newlines, letters and emoji', () => {
    const pieces = [' ', '  ', '\t', '\n', '\r\n', '\u00a0', 'a', 'bc', 'word', '😀', 'é'];
    let state = 12345;
    const next = (): number => {
      state = (state * 1103515245 + 12345) % 2147483648;
      return state / 2147483648;
    };
    for (let trial = 0; trial < 2000; trial++) {
      let text = '';
      const length = Math.floor(next() * 40);
      for (let index = 0; index < length; index++) text += pieces[Math.floor(next() * pieces.length)];
      const limit = 1 + Math.floor(next() * 30);
      expect(collapsedPrefix(text, limit), JSON.stringify([text, limit])).toBe(reference(text, limit));
    }
  });
});
