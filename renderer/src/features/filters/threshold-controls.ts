/**
 * The thresholds the filters panel moves live (docs/ui.md, "Views after a pipeline run"): each names the filter's
 * setting, the stored score it is compared with, and the slider's range. Defaults are the filters'
 * own (shared/filters/settings.ts): AgentTuning's reward r = 1 (Zeng et al. 2023, §2.2), Llama-2's
 * 4,096-token context for the length filter, Gopher's repetition shares (Rae et al. 2021, Table A1).
 */

/** One live threshold. */
export interface ThresholdControl {
  filter: string;
  setting: string;
  score: string;
  label: string;
  min: number;
  max: number;
  step: number;
  /** Records are dropped above the threshold (true) or below it (false). */
  dropsAbove: boolean;
}

/** The live thresholds, in the panel's order. */
export const THRESHOLD_CONTROLS: readonly ThresholdControl[] = [
  { filter: 'reward', setting: 'minimum', score: 'reward', label: 'Reward minimum', min: 0, max: 1, step: 0.01, dropsAbove: false },
  { filter: 'length', setting: 'maxTokens', score: 'tokens', label: 'Length: maximum tokens', min: 256, max: 16384, step: 1, dropsAbove: true },
  { filter: 'repetition', setting: 'duplicateLineShare', score: 'duplicateLineShare', label: 'Repetition: duplicate line share', min: 0, max: 1, step: 0.01, dropsAbove: true },
  { filter: 'repetition', setting: 'top2GramShare', score: 'top2GramShare', label: 'Repetition: top 2-gram share', min: 0, max: 1, step: 0.01, dropsAbove: true },
];

/** The filters' settings as the engine sends them: one object per filter. */
export type FilterSettingsValue = Record<string, Record<string, unknown>>;

/** The threshold's current value in `settings`, or null when the setting is off (`maxTokens: null`). */
export function thresholdOf(settings: FilterSettingsValue, control: ThresholdControl): number | null {
  const value = settings[control.filter]?.[control.setting];
  return typeof value === 'number' ? value : null;
}

/** A copy of `settings` with one threshold changed (the rest untouched, so only that filter is re-judged). */
export function withThreshold(settings: FilterSettingsValue, control: ThresholdControl, value: number): FilterSettingsValue {
  const rounded = control.step >= 1 ? Math.round(value) : Math.round(value / control.step) * control.step;
  const clamped = Math.min(control.max, Math.max(control.min, Number(rounded.toFixed(6))));
  return { ...settings, [control.filter]: { ...settings[control.filter], [control.setting]: clamped } };
}
