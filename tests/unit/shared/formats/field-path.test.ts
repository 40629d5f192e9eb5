import { describe, expect, it } from 'vitest';
import { parseFieldPath, stringsAt, valuesAt } from '../../../../shared/formats/field-path';
import { evalSetSpec } from '../../../../shared/leakage/settings';

const item = {
  id: 'q1',
  question: [[{ role: 'user', content: 'first' }], [{ role: 'user', content: 'second' }, { role: 'assistant', content: 'reply' }]],
  meta: { prompt: 'nested', tags: ['a', 'b'] },
};

describe('field paths', () => {
  it.each([
    ['id', ['q1']],
    ['meta.prompt', ['nested']],
    ['meta.tags[]', ['a', 'b']],
    ['meta.tags[1]', ['b']],
    ['question[][].content', ['first', 'second', 'reply']],
    ['question[1][0].content', ['second']],
    ['question[5][0].content', []],
    ['missing.deeper', []],
    ['id[]', []],
  ])('%s', (path, expected) => {
    expect(stringsAt(item, path)).toEqual(expected);
  });

  it('gives non-string values too, and nothing for a malformed path', () => {
    expect(valuesAt(item, 'question[]')).toHaveLength(2);
    for (const bad of ['', '.a', 'a.', 'a..b', 'a[x]', 'a]']) {
      expect(parseFieldPath(bad), bad).toHaveProperty('error');
      expect(valuesAt(item, bad)).toEqual([]);
    }
  });

  it("are checked in a recipe's evaluation set fields", () => {
    expect(evalSetSpec.safeParse({ name: 'b', path: 'x', fields: ['question[][].content'] }).success).toBe(true);
    const bad = evalSetSpec.safeParse({ name: 'b', path: 'x', fields: ['question[[]'] });
    expect(bad.success).toBe(false);
    expect(bad.error?.issues[0].message).toBe('expected a field path: keys joined by dots, [] for every element of a list, [n] for one');
  });
});
