/**
 * The lint rule that keeps array spreads out of call arguments (tools/eslint-rules; docs/scale.md,
 * "Nothing breaks at size"), with ESLint's RuleTester, and the failure it prevents.
 */
import { RuleTester } from 'eslint';
import { describe, expect, it } from 'vitest';
import { noSpreadArguments } from '../../../tools/eslint-rules/no-spread-arguments.js';

RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

const tester = new RuleTester({ languageOptions: { ecmaVersion: 2024, sourceType: 'module' } });

tester.run('agentmix/no-spread-arguments', noSpreadArguments, {
  valid: [
    'const all = [...first, ...second];',
    'f(...[a, b, c]);',
    'function forward(...args) { return target(...args); }',
    'const g = (...rest) => Math.max(...rest);',
    'const copy = { ...record, count: 1 };',
    'review.apply(entries, replace);',
    'for (const item of items) list.push(item);',
    'fn.apply(null, arguments);',
  ],
  invalid: [
    { code: 'kept.push(...members);', errors: [{ messageId: 'spread' }] },
    { code: 'const end = Math.max(...run.map((r) => r.end));', errors: [{ messageId: 'spread' }] },
    { code: 'new Set(...lists);', errors: [{ messageId: 'spread' }] },
    { code: 'String.fromCharCode.apply(null, codes);', errors: [{ messageId: 'apply' }] },
    { code: 'list.push.apply(list, items);', errors: [{ messageId: 'apply' }] },
    { code: 'function outer(...args) { const inner = (items) => f(...items); }', errors: [{ messageId: 'spread' }] },
  ],
});

describe('why the rule exists', () => {
  it('a spread of a million elements into push throws RangeError; the loop does not', () => {
    const items = new Array<number>(1_000_000).fill(1);
    expect(() => [].push(...(items as never[]))).toThrow(RangeError);
    const list: number[] = [];
    for (const item of items) list.push(item);
    expect(list).toHaveLength(1_000_000);
  });
});
