import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError } from '../../../../renderer/src/api/api-error';
import { createSocketBridge } from '../../../../renderer/src/api/socket-bridge';
import { dismissLoadProblem, loadFailed, loadProblems } from '../../../../renderer/src/app/load-failed';

/**
 * A hook's first load that fails (docs/ui.md, "Jobs" and "Start-up"): a connection failure is left
 * to the connection banner, anything else is shown until dismissed, and both are logged.
 */
describe('loadFailed', () => {
  afterEach(() => {
    for (const problem of loadProblems()) dismissLoadProblem(problem);
    vi.restoreAllMocks();
  });

  it('shows a failure other than the connection, once, until dismissed', () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    loadFailed('the open sources')(new ApiError({ code: 'failed', message: 'the engine has no such source' }));
    loadFailed('the open sources')(new ApiError({ code: 'failed', message: 'the engine has no such source' }));
    loadFailed('the open recipe')(new Error('the recipe file was removed'));
    expect(loadProblems()).toEqual(['AgentMix Studio could not load the open sources: the engine has no such source', 'AgentMix Studio could not load the open recipe: the recipe file was removed']);
    expect(logged).toHaveBeenCalledTimes(3);
    dismissLoadProblem(loadProblems()[0]);
    expect(loadProblems()).toEqual(['AgentMix Studio could not load the open recipe: the recipe file was removed']);
  });

  it('only logs what a refused or lost connection makes a call fail with', async () => {
    const logged = vi.spyOn(console, 'error').mockImplementation(() => undefined);
    // A page without a token: every call fails as refused, without a socket being opened.
    const result = await createSocketBridge({ url: 'ws://127.0.0.1:9', token: null })['app.info']({});
    if (result.ok) throw new Error('a bridge without a token made a call');
    loadFailed('the running jobs')(new ApiError(result.error));
    expect(logged).toHaveBeenCalledWith(expect.stringContaining('AgentMix Studio could not load the running jobs: This page has no token'));
    expect(loadProblems()).toEqual([]);
  });
});
