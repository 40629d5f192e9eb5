/**
 * The thresholds the filters panel moves live (docs/ui.md, "Views after a pipeline run"): each names the filter's
 * setting, the stored score it is compared with, and the slider's range. Defaults are the filters'
 * own (shared/filters/settings.ts): AgentTuning's reward r = 1 (docs/domain.md), Llama-2's
 * 4,096-token context for the length filter, Gopher's repetition shares (docs/filters.md).
 *
 * Settings and scores are typed by the filter they belong to (shared/filters/scores.ts), so a
 * renamed score or setting fails the typecheck here.
 */
import type { FilterName, FilterSettings } from '../../../../shared/filters/index';
import type { ScoreOf } from '../../../../shared/filters/scores';

/** The settings of filter `F` that hold a number (or null: off). */
export type NumericSettingOf<F extends FilterName> = {
  [K in keyof FilterSettings[F]]: FilterSettings[F][K] extends number | null ? K : never;
}[keyof FilterSettings[F]] &
  string;

/** One live threshold of filter `F`. */
interface ControlOf<F extends FilterName> {
  filter: F;
  setting: NumericSettingOf<F>;
  score: ScoreOf<F>;
  label: string;
  min: number;
  max: number;
  step: number;
  /** Records are dropped above the threshold (true) or below it (false). */
  dropsAbove: boolean;
}

/** One live threshold, of any filter. */
export type ThresholdControl = { [F in FilterName]: ControlOf<F> }[FilterName];

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

/** Whether a filter is switched on in `settings` (a filter without the field is on, as the recipe's default). */
export function isEnabled(settings: FilterSettingsValue, filter: FilterName): boolean {
  return settings[filter]?.enabled !== false;
}

/** A copy of `settings` with one filter switched on or off. */
export function withEnabled(settings: FilterSettingsValue, filter: FilterName, enabled: boolean): FilterSettingsValue {
  return { ...settings, [filter]: { ...settings[filter], enabled } };
}
