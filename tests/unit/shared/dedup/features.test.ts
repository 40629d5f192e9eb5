import { describe, expect, it } from 'vitest';
import { addRecord, createFeatureBuilder, extractFeatures, finishFeatures, mergeFeatures, type DedupFeatures } from '../../../../shared/dedup/features';
import { findTemplateTurns, markTemplateTurns, templateKey } from '../../../../shared/dedup/templates';
import { instructionTurn } from '../../../../shared/dedup/exact';
import { templateSettings } from '../../../../shared/dedup/settings';
import { agentSamples, AGENT_SPLITS, readRecords } from './real-data';
import { realData } from '../../../helpers/data';
import { describeWithData, itWithData } from '../../../helpers/with-data';

/** The features as plain arrays, for deep equality. */
function plain(features: DedupFeatures): Record<string, number | number[]> {
  return Object.fromEntries(Object.entries(features).map(([key, value]) => [key, typeof value === 'number' ? value : Array.from(value as Uint32Array)]));
}

describe('dedup features', () => {
  const records = realData(() => [...readRecords('sharegpt-real-dialogstudio', 'original_example.json'), ...agentSamples('os'), ...agentSamples('webshop')].map((record) => record.turns));

  itWithData('are the same whatever the split into batches (merge of any split = one pass)', () => {
    const whole = extractFeatures(records, 5);
    for (const cut of [0, 1, 7, records.length]) {
      const merged = mergeFeatures([extractFeatures(records.slice(0, cut), 5), extractFeatures(records.slice(cut), 5)]);
      expect(plain(merged)).toEqual(plain(whole));
    }
  });

  itWithData('grow from a tiny builder to the same result', () => {
    const builder = createFeatureBuilder(5, 1);
    for (const turns of records) addRecord(builder, turns);
    expect(plain(finishFeatures(builder))).toEqual(plain(extractFeatures(records, 5)));
  });

  it('hold one key per turn, equal for turns equal up to case and whitespace', () => {
    const features = extractFeatures(
      [
        [{ role: 'user', text: 'List the files.' }],
        [{ role: 'user', text: '  list  THE files. ' }],
      ],
      5,
    );
    expect(features.turnKeysLow[0]).toBe(features.turnKeysLow[1]);
    expect(features.turnKeysHigh[0]).toBe(features.turnKeysHigh[1]);
  });
});

describeWithData('template turns on real AgentInstruct samples', () => {
  const settings = templateSettings.parse({});

  it('marks the fixed first prompt and "Ok." of every task, and the instruction is the first other user turn', () => {
    for (const split of AGENT_SPLITS) {
      const samples = agentSamples(split);
      const features = extractFeatures(samples.map((record) => record.turns), 5);
      const templates = findTemplateTurns(features, settings);
      const mask = markTemplateTurns(features, templates);
      if (split === 'mind2web') {
        // Mind2Web records are single HTML turns with no shared prompt.
        expect(templates).toHaveLength(0);
        continue;
      }
      expect(mask[features.recordTurns[0]]).toBe(1);
      expect(templates[0].records).toBe(5);
      for (let record = 0; record < samples.length; record++) {
        const turn = instructionTurn(features, mask, record);
        expect(turn).toBeGreaterThan(features.recordTurns[record]);
        expect(samples[record].turns[turn - features.recordTurns[record]].role).toBe('user');
      }
    }
  });

  it('needs max(minRecords, minShare x records) records: nothing in a source of 2, everything shared in 3', () => {
    const samples = agentSamples('db').map((record) => record.turns);
    expect(findTemplateTurns(extractFeatures(samples.slice(0, 2), 5), settings)).toHaveLength(0);
    expect(findTemplateTurns(extractFeatures(samples.slice(0, 3), 5), settings).length).toBeGreaterThanOrEqual(2);
    expect(findTemplateTurns(extractFeatures(samples, 5), { ...settings, enabled: false })).toHaveLength(0);
    // A turn repeated inside one record counts once.
    const repeated = extractFeatures([[{ role: 'user', text: 'again' }, { role: 'user', text: 'again' }, { role: 'user', text: 'again' }]], 5);
    expect(findTemplateTurns(repeated, settings)).toHaveLength(0);
    expect(templateKey(1, 2)).not.toBe(templateKey(2, 1));
  });
});
