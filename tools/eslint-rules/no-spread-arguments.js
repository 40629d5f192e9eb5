// @ts-check
/**
 * `agentmix/no-spread-arguments`: no array spread into call arguments (`f(...items)`,
 * `new F(...items)`) and no `f.apply(that, items)`. Every element becomes an argument on the stack,
 * so past about 100k elements V8 throws "RangeError: Maximum call stack size exceeded": at 1M
 * records `kept.push(...members)` and `Math.max(...lengths)` crash a run (docs/scale.md, "Nothing
 * breaks at size"). Use a loop, `reduce`, or a typed-array method instead.
 *
 * Allowed: spreading an array literal (`f(...[a, b])`: its length is in the source) and forwarding a
 * rest parameter (`(...args) => f(...args)`: the caller already put those arguments on the stack).
 * Anything bounded by construction (a chunk of at most 8,192 code units) says so in an
 * `eslint-disable-next-line agentmix/no-spread-arguments -- <why it is bounded>` comment: a reviewed
 * allow-list, one line each, that `grep` finds.
 */

const MESSAGE =
  'spreading an array into call arguments puts every element on the stack and throws RangeError past ~100k elements; ' +
  'use a loop (for ... of with push), reduce, or a typed-array method (or, if the array is bounded by construction, say why in an eslint-disable comment)';

/**
 * Whether `node` (an identifier) names a rest parameter of a function around it.
 * @param {import('eslint').Scope.Scope | null} scope
 * @param {import('estree').Identifier} node
 */
function isRestParameter(scope, node) {
  for (let current = scope; current !== null; current = current.upper) {
    const variable = current.set.get(node.name);
    if (variable === undefined) continue;
    return variable.defs.some((definition) => definition.type === 'Parameter' && definition.name.parent?.type === 'RestElement');
  }
  return false;
}

/** Array methods and functions whose `apply` takes an argument list (`Math.max.apply(null, xs)`). */
const VARIADIC = new Set(['push', 'unshift', 'splice', 'concat', 'max', 'min', 'fromCharCode', 'fromCodePoint', 'call', 'bind']);

/**
 * Whether a callee is `Function.prototype.apply` (`f.apply(null, list)`, `xs.push.apply(xs, list)`)
 * rather than a method that happens to be called `apply` (`review.apply(entries, replace)`): the
 * receiver is a known variadic function, or the first argument is `null`, `undefined` or `this`.
 * @param {import('estree').Node} callee
 * @param {import('estree').Node | undefined} first
 */
function isFunctionApply(callee, first) {
  if (callee.type !== 'MemberExpression' || callee.computed || callee.property.type !== 'Identifier' || callee.property.name !== 'apply') return false;
  const receiver = callee.object;
  if (receiver.type === 'MemberExpression' && !receiver.computed && receiver.property.type === 'Identifier' && VARIADIC.has(receiver.property.name)) return true;
  if (first === undefined) return false;
  return (first.type === 'Literal' && first.value === null) || (first.type === 'Identifier' && first.name === 'undefined') || first.type === 'ThisExpression';
}

/** @type {import('eslint').Rule.RuleModule} */
export const noSpreadArguments = {
  meta: {
    type: 'problem',
    docs: { description: 'disallow spreading arrays of unknown length into call arguments (stack overflow at scale)' },
    schema: [],
    messages: { spread: MESSAGE, apply: `Function.prototype.apply with an array of unknown length: ${MESSAGE}` },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    /** @param {import('estree').Node} argument */
    const bounded = (argument, node) =>
      argument.type === 'ArrayExpression' || (argument.type === 'Identifier' && isRestParameter(sourceCode.getScope(node), argument));
    /** @param {import('estree').CallExpression | import('estree').NewExpression} node */
    const check = (node) => {
      for (const argument of node.arguments) {
        if (argument.type === 'SpreadElement' && !bounded(argument.argument, node)) context.report({ node: argument, messageId: 'spread' });
      }
      const callee = node.callee;
      if (node.type === 'CallExpression' && isFunctionApply(callee, node.arguments[0])) {
        const list = node.arguments[1];
        if (list !== undefined && list.type !== 'SpreadElement' && !bounded(list, node) && !(list.type === 'Identifier' && list.name === 'arguments')) {
          context.report({ node, messageId: 'apply' });
        }
      }
    };
    return { CallExpression: check, NewExpression: check };
  },
};

/** The project's ESLint plugin. */
export const agentmixPlugin = { rules: { 'no-spread-arguments': noSpreadArguments } };
