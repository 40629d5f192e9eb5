/**
 * One filter's decisions over a run, as a column (docs/scale.md, "The review desk at 10M records"):
 * a byte per record ({@link KEEP}, {@link FLAG} or {@link DROP}) and, for a filter judged column by
 * column, which of its rules broke (a bit each). No reason is kept: a record's reasons are worded
 * again from its measurement when they are asked for (judgment.ts), by the filter's own `judge()`,
 * so they are the filter's words exactly.
 *
 * The length filter, whose thresholds the desk drags, is judged here over the stored score columns
 * (the same comparisons as its `judge()` in shared/filters/length.ts; tests/unit compares the two on
 * every rule and edge); every other filter through its `judge()` per record, keeping the decision.
 */
import { FILTER_SCORES, judgeFilter, type FilterContext, type FilterName, type FilterSettings, type Measurement, type ScoreName } from '../../../shared/filters/index';
import type { JudgeData } from './judge-data';

/** A stage's decision on a record, in a byte. */
export const KEEP = 0;
export const FLAG = 1;
export const DROP = 2;

/** A filter's decisions over the run and the settings they were judged with. */
export interface FilterColumn {
  /** The settings key ({@link filterSettingsKey}): equal keys judge equally. */
  settings: string;
  /** Per record {@link KEEP}, {@link FLAG} or {@link DROP}; null when the filter keeps every record (off or not measured). */
  decisions: Uint8Array | null;
  /** For a filter judged by column, per record the bits of {@link LENGTH_RULES} that broke (0 for an edited record); else null. */
  rules: Uint8Array | null;
}

/** The length filter's rules in the order its `judge()` gives their reasons. */
export const LENGTH_RULES = ['max-tokens', 'min-tokens', 'max-turns', 'min-turns', 'max-turn-chars'] as const;

/** What a filter's decisions depend on besides the measurements. */
export function filterSettingsKey(data: JudgeData, filter: FilterName, settings: FilterSettings): string {
  return `${data.measuredFilters.has(filter) ? 'measured' : 'not measured'} ${JSON.stringify(settings[filter])}`;
}

/** A filter's score columns (those it declares and the run stored), so its measurement can be rebuilt from them. */
function columnsOf(data: JudgeData, filter: FilterName): [ScoreName, Float64Array][] {
  const columns: [ScoreName, Float64Array][] = [];
  for (const name of FILTER_SCORES[filter]) {
    const column = data.scores.get(name);
    if (column !== undefined) columns.push([name, column]);
  }
  return columns;
}

/** One filter's measurement of a record, rebuilt from the columns (a score that is NaN was not given). */
export function measurementOf(data: JudgeData, record: number, filter: FilterName): Measurement<ScoreName> {
  const recheck = data.rechecks.get(record);
  if (recheck !== undefined) return recheck.measurements[filter];
  const scores: Partial<Record<ScoreName, number>> = {};
  let places: Partial<Record<ScoreName, number>> | undefined;
  for (const [name, column] of columnsOf(data, filter)) {
    const value = column[record];
    if (!Number.isNaN(value)) scores[name] = value;
    const place = data.places.get(name)?.[record];
    if (place !== undefined && place >= 0) (places ??= {})[name] = place;
  }
  const measurement: Measurement<ScoreName> = places === undefined ? { scores } : { scores, places };
  const found = data.evidence.get(record)?.[filter];
  if (found !== undefined) measurement.evidence = found;
  return measurement;
}

/** The context a filter judges a record in. */
export function contextOf(data: JudgeData, record: number): FilterContext {
  return { role: data.roles[record], task: data.tasks[record] };
}

/** A filter's decision on one record, through its own `judge()`. */
function decisionOf(data: JudgeData, record: number, filter: FilterName, settings: FilterSettings, context: FilterContext): number {
  // Each filter reads the scores it declares: the union type is narrowed by the filter's name.
  const outcome = judgeFilter(filter, measurementOf(data, record, filter) as never, context, settings);
  return outcome.decision === 'drop' ? DROP : outcome.decision === 'flag' ? FLAG : KEEP;
}

/** A stored score of a record as the length filter reads it: a missing score counts as 0. */
function scoreAt(column: Float64Array | undefined, record: number): number {
  const value = column === undefined ? Number.NaN : column[record];
  return Number.isNaN(value) ? 0 : value;
}

/** The length filter over the score columns: the rules' bits, and the decision where any broke. */
function judgeLength(data: JudgeData, settings: FilterSettings['length'], decisions: Uint8Array, rules: Uint8Array): void {
  const tokens = data.scores.get('tokens');
  const turns = data.scores.get('turns');
  const chars = data.scores.get('maxTurnChars');
  const places = data.places.get('maxTurnChars');
  const action = settings.action === 'drop' ? DROP : FLAG;
  const { maxTokens, minTokens, maxTurns, minTurns, maxTurnChars } = settings;
  for (let record = 0; record < data.count; record++) {
    const count = scoreAt(tokens, record);
    let bits = 0;
    if (maxTokens !== null && count > maxTokens) bits |= 1;
    if (minTokens !== null && count < minTokens) bits |= 2;
    if (maxTurns !== null || minTurns !== null) {
      const turnCount = scoreAt(turns, record);
      if (maxTurns !== null && turnCount > maxTurns) bits |= 4;
      if (minTurns !== null && turnCount < minTurns) bits |= 8;
    }
    if (maxTurnChars !== null && scoreAt(chars, record) > maxTurnChars && places !== undefined && places[record] >= 0) bits |= 16;
    rules[record] = bits;
    decisions[record] = bits === 0 ? KEEP : action;
  }
}

/** Judges one filter over every record with `settings`. */
export function judgeFilterColumn(data: JudgeData, filter: FilterName, settings: FilterSettings): FilterColumn {
  const key = filterSettingsKey(data, filter, settings);
  if (!data.measuredFilters.has(filter) || !settings[filter].enabled) return { settings: key, decisions: null, rules: null };
  const decisions = new Uint8Array(data.count);
  // One context object, refilled per record: filters read it during the call and keep nothing of it.
  const context: FilterContext = { role: 'general', task: null };
  const judgeOne = (record: number): void => {
    context.role = data.roles[record];
    context.task = data.tasks[record];
    decisions[record] = decisionOf(data, record, filter, settings, context);
  };
  if (filter !== 'length') {
    for (let record = 0; record < data.count; record++) judgeOne(record);
    return { settings: key, decisions, rules: null };
  }
  const rules = new Uint8Array(data.count);
  judgeLength(data, settings.length, decisions, rules);
  // An edited record is judged on its re-check, through the filter itself.
  for (const record of data.rechecks.keys()) {
    rules[record] = 0;
    judgeOne(record);
  }
  return { settings: key, decisions, rules };
}

/** The largest integer a reason key packs exactly (with room for the rule and filter below it). */
const KEY_LIMIT = 2 ** 36;

/**
 * A number that stands for the text of the first reason a column-judged filter gives a record
 * (`rules` its broken rules, nonzero): equal numbers, equal texts. NaN where no such number is cheap.
 * The length filter words its first reason from the rule and one score (and, for a long turn, its place).
 */
export function firstRuleKey(data: JudgeData, record: number, rules: number): number {
  const rule = 31 - Math.clz32(rules & -rules);
  const name = rule <= 1 ? 'tokens' : rule <= 3 ? 'turns' : 'maxTurnChars';
  let value = scoreAt(data.scores.get(name), record);
  if (rule === 4) {
    const place = data.places.get('maxTurnChars')?.[record] ?? -1;
    if (place < 0 || place >= 1024 || value >= KEY_LIMIT / 1024) return Number.NaN;
    value = value * 1024 + place;
  }
  if (!Number.isInteger(value) || value < 0 || value >= KEY_LIMIT) return Number.NaN;
  return value * LENGTH_RULES.length + rule;
}
