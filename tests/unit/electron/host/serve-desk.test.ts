import { describe, expect, it } from 'vitest';
import { measure } from '../../../bench/desk';

/**
 * The desk bench (docs/scale.md, "The review desk at 10M records") at a small size, so CI runs the
 * same calls on a real `agentmix serve` as the 10M measurement does: every page, find, sort, filter
 * and search answers the right rows (the bench throws otherwise). Times are printed, never checked.
 */
describe('the review desk bench on a real serve', () => {
  it('pages, steps, sorts, filters and searches 3,000 generated records', async () => {
    const figures = await measure(3000);
    expect(figures).toMatchObject({ records: 3000 });
    expect(figures['rssPeakGB']).toBeGreaterThan(0);
  }, 120_000);
});
