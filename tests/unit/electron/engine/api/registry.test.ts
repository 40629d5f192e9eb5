import { describe, expect, it } from 'vitest';
import { CALL_NAMES } from '../../../../../shared/api';
import { combineHandlers, HandlerRegistryError, type HandlerModule } from '../../../../../electron/engine/api/registry';
import { makeApi } from './helpers';

describe('combineHandlers', () => {
  it('handles every name of the contract once', () => {
    const { handlers } = makeApi();
    expect(Object.keys(handlers).sort()).toEqual([...CALL_NAMES].sort());
  });

  it('refuses a name registered twice', () => {
    const { handlers } = makeApi();
    const again: HandlerModule<'app.info'> = { 'app.info': handlers['app.info'] };
    expect(() => combineHandlers([handlers, again])).toThrow(HandlerRegistryError);
    expect(() => combineHandlers([handlers, again])).toThrow(/two handlers for "app.info"/);
  });

  it('refuses a set with a call missing, at compile time and at run time', () => {
    const { handlers } = makeApi();
    const { 'jobs.cancel': _removed, ...partial } = handlers;
    // @ts-expect-error: the type proves completeness, so a missing handler does not compile.
    expect(() => combineHandlers([partial])).toThrow(/no handler for "jobs.cancel"/);
  });

  it('refuses handlers for names the contract does not declare', () => {
    const { handlers } = makeApi();
    expect(() => combineHandlers([handlers, { 'records.drop': () => null }])).toThrow(/does not declare: records.drop/);
  });
});
