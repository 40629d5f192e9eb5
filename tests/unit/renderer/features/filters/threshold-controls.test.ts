import { describe, expect, it } from 'vitest';
import { FILTER_SCORES, SCORE_FILTER } from '../../../../../shared/filters/scores';
import { filterSettings } from '../../../../../shared/filters/settings';
import { isEnabled, THRESHOLD_CONTROLS, thresholdOf, withEnabled, withThreshold, type FilterSettingsValue, type ThresholdControl } from '../../../../../renderer/src/features/filters/threshold-controls';

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

  it('reads each threshold from a score its filter declares and a number setting of that filter', () => {
    const defaults = filterSettings.parse({}) as unknown as Record<string, Record<string, unknown>>;
    for (const control of THRESHOLD_CONTROLS) {
      expect(FILTER_SCORES[control.filter] as readonly string[], control.label).toContain(control.score);
      expect(SCORE_FILTER.get(control.score), control.label).toBe(control.filter);
      const initial = defaults[control.filter][control.setting];
      expect(initial === null || typeof initial === 'number', `${control.filter}.${control.setting}`).toBe(true);
    }
  });

  it('switches a filter on and off, keeping its other settings', () => {
    expect(isEnabled(settings, 'reward')).toBe(true);
    const off = withEnabled(settings, 'length', false);
    expect(isEnabled(off, 'length')).toBe(false);
    expect(off.length).toEqual({ maxTokens: null, template: 'llama-2-chat', enabled: false });
    expect(isEnabled(withEnabled(off, 'length', true), 'length')).toBe(true);
  });
});

// Checked by the typecheck (npm run typecheck covers tests/): a threshold names a score of its own filter.
// @ts-expect-error 'tokenz' is not a score of any filter
const misspelt: ThresholdControl = { filter: 'length', setting: 'maxTokens', score: 'tokenz', label: '', min: 0, max: 1, step: 1, dropsAbove: true };
// @ts-expect-error 'reward' belongs to the reward filter, not the length filter
const misplaced: ThresholdControl = { filter: 'length', setting: 'maxTokens', score: 'reward', label: '', min: 0, max: 1, step: 1, dropsAbove: true };
void misspelt;
void misplaced;
