import { describe, expect, it } from 'vitest';
import { formatSeconds, jobRate } from '../../../../../renderer/src/features/jobs/job-rate';

describe('jobRate', () => {
  it('is unknown before any progress', () => {
    expect(jobRate(0, 100, 1000, 5000)).toEqual({ perSecond: null, secondsLeft: null });
    expect(jobRate(10, 100, 5000, 5000)).toEqual({ perSecond: null, secondsLeft: null });
  });

  it('averages over the whole run and projects the rest at that rate', () => {
    // 2,500 of 10,000 records in 5 s: 500/s, 15 s left.
    expect(jobRate(2500, 10_000, 1000, 6000)).toEqual({ perSecond: 500, secondsLeft: 15 });
  });

  it('has nothing left once done reaches the total', () => {
    expect(jobRate(100, 100, 0, 1000).secondsLeft).toBe(0);
  });
});

describe('formatSeconds', () => {
  it('rounds seconds up under a minute and shows minutes above', () => {
    expect(formatSeconds(0.2)).toBe('1 s');
    expect(formatSeconds(59)).toBe('59 s');
    expect(formatSeconds(125)).toBe('2 min 5 s');
  });
});
