/**
 * The score names each filter declares (shared/filters/scores.ts) are the ones its `measure()`
 * gives: none undeclared, and every declared one given for some record.
 */
import { describe, expect, it } from 'vitest';
import { FILTER_NAMES, FILTER_SCORES, filterSettings, measureFilter, SCORE_FILTER, type FilterName } from '../../../../shared/filters/index';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';
import { agentRecords, fireactRecords, generalRecords, recordById, withTurnText } from './real-data';

const defaults = filterSettings.parse({ unsafe: { extraPatterns: ['rm -rf /tmp/x'] } });

describe('declared scores', () => {
  itWithData('every filter measures exactly the scores it declares, over real records', () => {
    const agents = realData(() => agentRecords());
    const os = recordById(agents, 'adp', 'os_116');
    const records = [...agents, ...fireactRecords(), ...generalRecords(), withTurnText(os, 7, 'Act: bash\n\n```bash\nrm -rf /tmp/x\n```')];
    const seen = new Map<FilterName, Set<string>>(FILTER_NAMES.map((name) => [name, new Set()]));
    for (const record of records) {
      for (const filter of FILTER_NAMES) {
        const { scores } = measureFilter(filter, record.conversation, record.context, defaults);
        for (const name of Object.keys(scores)) {
          expect(FILTER_SCORES[filter] as readonly string[], `${filter} gave ${name}`).toContain(name);
          seen.get(filter)?.add(name);
        }
      }
    }
    for (const filter of FILTER_NAMES) expect([...(seen.get(filter) ?? [])].sort(), filter).toEqual([...FILTER_SCORES[filter]].sort());
  });

  it('names are unique across filters, so a record\'s scores merge into one map', () => {
    const all = FILTER_NAMES.flatMap((filter) => [...FILTER_SCORES[filter]]);
    expect(new Set(all).size).toBe(all.length);
    expect(SCORE_FILTER.size).toBe(all.length);
  });
});
