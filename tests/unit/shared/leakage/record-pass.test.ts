import { expect, it } from 'vitest';
import { createFeatureBuilder, extractFeatures, finishFeatures } from '../../../../shared/dedup/features';
import { findTemplateTurns, markTemplateTurns } from '../../../../shared/dedup/templates';
import { templateSettings } from '../../../../shared/dedup/settings';
import { buildNgramIndex } from '../../../../shared/leakage/ngram-index';
import { addRecordPass } from '../../../../shared/leakage/record-pass';
import { createLeakageScanner, leakageSummary, scanRecord, withoutTurns } from '../../../../shared/leakage/scan';
import { agentSamples } from '../dedup/real-data';
import { agentBenchItems } from './eval-items';
import { realData } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

describeWithData('one pass for dedup features and leakage', () => {
  const items = realData(() => agentBenchItems());
  const index = realData(() => buildNgramIndex(items, { ngram: 13, maxItemsPerNgram: 10, minItemWords: 5 }));
  const db = realData(() => items.filter((item) => item.set === 'db'));
  // Real db trajectories; record 1 gets an AgentBench question as its instruction, and the
  // question is also planted in the shared prompt of every record (a template turn).
  const records = realData(() =>
    agentSamples('db').map((record, recordIndex) =>
      record.turns.map((turn, turnIndex) => {
        if (turnIndex === 0) return { ...turn, text: `${turn.text}\nExample: ${db[7].text}` };
        if (recordIndex === 1 && turnIndex === 2) return { ...turn, text: db[3].text };
        return turn;
      }),
    ),
  );

  it('gives the same features as extractFeatures and the same verdicts as scanRecord', () => {
    const builder = createFeatureBuilder(5);
    const scanner = createLeakageScanner(index);
    const verdicts = records.map((turns) => addRecordPass(builder, scanner, turns));
    const features = finishFeatures(builder);
    expect(Array.from(features.shingles)).toEqual(Array.from(extractFeatures(records, 5).shingles));
    const separate = createLeakageScanner(index);
    records.forEach((turns, record) => expect(verdicts[record]).toEqual(scanRecord(separate, turns)));
    expect(addRecordPass(createFeatureBuilder(5), null, records[0])).toBeNull();
  });

  it('drops template-turn matches once templates are known', () => {
    const builder = createFeatureBuilder(5);
    const scanner = createLeakageScanner(index);
    const verdicts = records.map((turns) => addRecordPass(builder, scanner, turns));
    const features = finishFeatures(builder);
    const mask = markTemplateTurns(features, findTemplateTurns(features, templateSettings.parse({})));
    expect(verdicts.every((verdict) => verdict !== null && verdict.matches.some((match) => match.turn === 0))).toBe(true);
    const cleaned = verdicts.map((verdict, record) => withoutTurns(verdict!, mask, features.recordTurns[record]));
    expect(cleaned.map((verdict) => verdict.matches.length > 0)).toEqual([false, true, false, false, false]);
    expect(cleaned[0].turnScores[0]).toBe(-1);
    expect(leakageSummary(cleaned[1])).toMatchObject({ evalSet: 'db', evalItem: db[3].index, score: 1, itemCoverage: 1, spans: [{ turn: 2, start: 0 }] });
    expect(leakageSummary(cleaned[0])).toBeNull();
  });
});
