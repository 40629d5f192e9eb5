import { describe, expect, it } from 'vitest';
import { filterSettings, judgeFilter, type FilterName, type ScoreName } from '../../../../../shared/filters/index';
import { placeOf } from '../../../../../shared/filters/types';
import { firstRuleKey, judgeFilterColumn, measurementOf, DROP, FLAG, KEEP } from '../../../../../electron/engine/pipeline/filter-columns';
import { judge, type JudgeData } from '../../../../../electron/engine/pipeline/judge';
import { leakageSettings } from '../../../../../shared/leakage/settings';

/** A run of `count` records with length scores around the limits below, some missing (NaN) and some longest turns without a place. */
function lengthRun(count: number): JudgeData {
  const column = (value: (record: number) => number): Float64Array => Float64Array.from({ length: count }, (_, record) => value(record));
  // Deterministic spread: every value near a limit, NaN every 13th record.
  const spread = (record: number, around: number, step: number): number => (record % 13 === 0 ? Number.NaN : around + ((record * step) % 7) - 3);
  const scores = new Map<ScoreName, Float64Array>([
    ['tokens', column((record) => spread(record, 100, 3))],
    ['turns', column((record) => spread(record, 6, 5))],
    ['maxTurnChars', column((record) => (record % 11 === 0 ? Number.NaN : 1_000 + ((record * 7) % 5) - 2))],
  ]);
  const places = new Map<ScoreName, Int32Array>([['maxTurnChars', Int32Array.from({ length: count }, (_, record) => (record % 17 === 0 ? -1 : placeOf(record % 9, record % 2 === 0 ? 'user' : 'assistant')))]]);
  return {
    count,
    keys: Array.from({ length: count }, (_, record) => `s:${record}`),
    roles: Array.from({ length: count }, (_, record) => (record % 3 === 0 ? 'agent' : 'general')),
    tasks: Array.from({ length: count }, () => null),
    scores,
    places,
    measuredFilters: new Set<FilterName>(['length']),
    evidence: new Map(),
    leakage: new Map(),
    dedup: null,
    rechecks: new Map(),
    review: new Map(),
  };
}

const leakageOff = { ...leakageSettings.parse({}), enabled: false };

const SETTINGS = [
  { maxTokens: 100 },
  { maxTokens: null, minTokens: 99 },
  { maxTokens: 101, minTokens: 98, maxTurns: 6, minTurns: 5, action: 'flag' as const },
  { maxTokens: null, maxTurnChars: 1_000 },
  { maxTokens: 97, maxTurns: 4, maxTurnChars: 999, template: 'plain' as const },
  { enabled: false },
];

describe('the length filter judged by column', () => {
  const data = lengthRun(600);
  for (const length of SETTINGS) {
    it(`decides as the filter's judge() does: ${JSON.stringify(length)}`, () => {
      const settings = filterSettings.parse({ length });
      const column = judgeFilterColumn(data, 'length', settings);
      const firstTexts = new Map<number, string>();
      let broken = 0;
      for (let record = 0; record < data.count; record++) {
        const outcome = judgeFilter('length', measurementOf(data, record, 'length') as never, { role: data.roles[record], task: null }, settings);
        const expected = outcome.decision === 'drop' ? DROP : outcome.decision === 'flag' ? FLAG : KEEP;
        expect(column.decisions?.[record] ?? KEEP, `record ${record}`).toBe(expected);
        const rules = column.rules?.[record] ?? 0;
        expect(rules === 0, `record ${record}`).toBe(expected === KEEP);
        if (rules === 0) continue;
        broken++;
        // The rules' bits name the reasons, in order, and a key stands for one first text.
        expect(outcome.reasons.map((reason) => reason.rule)).toEqual(['max-tokens', 'min-tokens', 'max-turns', 'min-turns', 'max-turn-chars'].filter((_, bit) => (rules & (1 << bit)) !== 0).map((rule) => `length.${rule}`));
        const key = firstRuleKey(data, record, rules);
        expect(Number.isNaN(key)).toBe(false);
        const text = firstTexts.get(key);
        if (text === undefined) firstTexts.set(key, outcome.reasons[0].message);
        else expect(outcome.reasons[0].message).toBe(text);
      }
      if (length.enabled !== false) expect(broken).toBeGreaterThan(0);
      // Distinct first texts have distinct keys.
      expect(new Set(firstTexts.values()).size).toBe(firstTexts.size);
    });
  }

  it('re-judges only the filter whose settings moved, and words reasons only when asked', () => {
    const first = judge(data, { filters: filterSettings.parse({ length: SETTINGS[0] }), leakage: leakageOff, dedup: { enabled: false, threshold: 0.8 }, overrideLeakage: false });
    const moved = judge(data, { filters: filterSettings.parse({ length: SETTINGS[2] }), leakage: leakageOff, dedup: { enabled: false, threshold: 0.8 }, overrideLeakage: false }, first);
    expect(moved.filters.reward).toBe(first.filters.reward);
    expect(moved.filters.length).not.toBe(first.filters.length);
    const back = judge(data, { filters: filterSettings.parse({ length: SETTINGS[0] }), leakage: leakageOff, dedup: { enabled: false, threshold: 0.8 }, overrideLeakage: false }, moved);
    expect([...back.kept]).toEqual([...first.kept]);
    for (let record = 0; record < data.count; record++) {
      expect(back.reasonsOf(record)).toEqual(first.reasonsOf(record));
      expect(back.firstReasonOf(record)).toEqual(first.reasonsOf(record)[0] ?? null);
    }
  });
});

