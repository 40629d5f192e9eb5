import { CALL_NAMES, type CallName, type ParsedRequest, type Response } from '../../../shared/api';

/** Handles one call: receives the parsed request, resolves to the response. */
export type Handler<N extends CallName> = (request: ParsedRequest<N>) => Promise<Response<N>> | Response<N>;

/** A feature's handlers: one per name in `N` (e.g. `'sources.open' | 'sources.list'`). */
export type HandlerModule<N extends CallName> = { [K in N]: Handler<K> };

/** Handlers for every call of the contract. */
export type Handlers = HandlerModule<CallName>;

/** The names a list of modules handles, as a union. */
type HandledNames<M> = M extends unknown ? keyof M : never;

/**
 * A compile-time proof that `M` covers every call: when a name is missing, the argument type
 * turns into `{ missingHandlers: <the names> }` and the call does not type-check.
 */
export type CoversEveryCall<M extends readonly object[]> =
  [Exclude<CallName, HandledNames<M[number]>>] extends [never] ? unknown : { missingHandlers: Exclude<CallName, HandledNames<M[number]>> };

/** Thrown when two modules register the same name, or when a name has no handler. */
export class HandlerRegistryError extends Error {
  override name = 'HandlerRegistryError';
}

/**
 * Combines feature modules into one {@link Handlers} map (as Actual Budget composes its `Handlers`
 * type). Refuses a name registered twice and a call without a handler; the type of the argument
 * proves completeness at compile time, the loop re-checks it at run time for modules built
 * dynamically.
 */
export function combineHandlers<const M extends readonly object[]>(modules: M & CoversEveryCall<M>): Handlers {
  const combined = new Map<string, unknown>();
  for (const module of modules) {
    for (const [name, handler] of Object.entries(module)) {
      if (combined.has(name)) throw new HandlerRegistryError(`two handlers for "${name}": each call must be registered by exactly one feature module`);
      if (typeof handler !== 'function') throw new HandlerRegistryError(`the handler for "${name}" is not a function`);
      combined.set(name, handler);
    }
  }
  const missing = CALL_NAMES.filter((name) => !combined.has(name));
  if (missing.length > 0) throw new HandlerRegistryError(`no handler for ${missing.map((name) => `"${name}"`).join(', ')}`);
  const unknown = [...combined.keys()].filter((name) => !(CALL_NAMES as readonly string[]).includes(name));
  if (unknown.length > 0) throw new HandlerRegistryError(`handlers for names the contract does not declare: ${unknown.join(', ')}`);
  return Object.fromEntries(combined) as Handlers;
}
