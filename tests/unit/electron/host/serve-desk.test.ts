import { describe, expect, it } from 'vitest';
import { measure } from '../../../bench/desk';
import { measureThresholdMove } from '../../../bench/desk-pipeline';

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

  it('runs the pipeline and moves a threshold back and forth over 3,000 generated records', async () => {
    const figures = await measureThresholdMove(3000, 4);
    // Each threshold keeps the same records every time (the bench throws otherwise); 100 tokens drops some.
    expect(figures).toMatchObject({ records: 3000, kept: { 4096: 3000 } });
    expect((figures['kept'] as Record<string, number>)['100']).toBeLessThan(3000);
  }, 120_000);
});
