import { describe, expect, it } from 'vitest';
import { trains, type Turn } from '../../../../shared/schema/conversation';

describe('trains', () => {
  const turn = (role: Turn['role'], loss: Turn['loss']): Turn => ({ role, loss, text: 'x', from: role });

  it('trains assistant turns whose loss flag is true or unset', () => {
    expect(trains(turn('assistant', true))).toBe(true);
    expect(trains(turn('assistant', null))).toBe(true);
  });

  it('never trains masked assistant turns or other roles', () => {
    expect(trains(turn('assistant', false))).toBe(false);
    expect(trains(turn('user', true))).toBe(false);
    expect(trains(turn('tool', null))).toBe(false);
    expect(trains(turn('system', true))).toBe(false);
  });
});
