import { describe, expect, it } from 'vitest';
import { manifestTime } from '../../../../../electron/engine/export/manifest-time';

describe('manifestTime', () => {
  const clock = (): Date => new Date('2030-05-06T07:08:09.010Z');

  it('is the clock when SOURCE_DATE_EPOCH is not set or empty', () => {
    expect(manifestTime({}, clock).toISOString()).toBe('2030-05-06T07:08:09.010Z');
    expect(manifestTime({ SOURCE_DATE_EPOCH: '' }, clock).toISOString()).toBe('2030-05-06T07:08:09.010Z');
  });

  it('is the second SOURCE_DATE_EPOCH names', () => {
    expect(manifestTime({ SOURCE_DATE_EPOCH: '0' }, clock).toISOString()).toBe('1970-01-01T00:00:00.000Z');
    expect(manifestTime({ SOURCE_DATE_EPOCH: '1767225600' }, clock).toISOString()).toBe('2026-01-01T00:00:00.000Z');
  });

  it.each(['yesterday', '-1', '1.5', ' 12', '1e9', '99999999999999999'])('refuses SOURCE_DATE_EPOCH=%j, naming the variable and the value', (value) => {
    expect(() => manifestTime({ SOURCE_DATE_EPOCH: value }, clock)).toThrow(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (e.g. 1767225600), got ${JSON.stringify(value)}`);
  });
});
