import { describe, expect, it } from 'vitest';
import { THRESHOLD_CONTROLS, thresholdOf, withThreshold, type FilterSettingsValue } from '../../../../../renderer/src/features/filters/threshold-controls';

const reward = THRESHOLD_CONTROLS.find((control) => control.filter === 'reward')!;
const length = THRESHOLD_CONTROLS.find((control) => control.filter === 'length')!;
const settings: FilterSettingsValue = { reward: { minimum: 1, minimumByTask: { mind2web: 0.6667 } }, length: { maxTokens: null, template: 'llama-2-chat' } };

describe('threshold controls', () => {
  it('reads a threshold, and null for a setting that is off', () => {
    expect(thresholdOf(settings, reward)).toBe(1);
    expect(thresholdOf(settings, length)).toBeNull();
    expect(thresholdOf({}, reward)).toBeNull();
  });

  it('changes one setting and keeps the filter\'s others and the other filters', () => {
    const next = withThreshold(settings, reward, 0.5);
    expect(next.reward).toEqual({ minimum: 0.5, minimumByTask: { mind2web: 0.6667 } });
    expect(next.length).toBe(settings.length);
    expect(settings.reward.minimum).toBe(1);
  });

  it('snaps to the step and clamps to the range (a drag past the plot\'s edge)', () => {
    expect(withThreshold(settings, reward, 0.6666).reward.minimum).toBe(0.67);
    expect(withThreshold(settings, reward, -3).reward.minimum).toBe(0);
    expect(withThreshold(settings, length, 1000.6).length.maxTokens).toBe(1001);
    expect(withThreshold(settings, length, 10).length.maxTokens).toBe(length.min);
  });

  it('names only scores the pipeline stores', () => {
    expect(THRESHOLD_CONTROLS.map((control) => control.score)).toEqual(['reward', 'tokens', 'duplicateLineShare', 'top2GramShare']);
  });
});
