import { describe, expect, it } from 'vitest';
import { rewardFilter, rewardSettings, rewardValue } from '../../../../shared/filters/reward';
import type { FilterContext } from '../../../../shared/filters/types';
import type { Conversation } from '../../../../shared/schema/conversation';
import { agentRecords, fireactRecords, generalRecords, withTurnText, type RealRecord } from './real-data';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

const defaults = rewardSettings.parse({});
const agents = realData(() => agentRecords());
const eto = realData(() => agents.filter((record) => record.source === 'eto'));

function judged(record: RealRecord, settings = defaults) {
  return rewardFilter.judge(rewardFilter.measure(record.conversation, record.context, settings), settings, record.context);
}

function conversation(raw: unknown, lastText = 'Final answer.'): Conversation {
  return {
    id: 'x',
    task: null,
    reward: null,
    raw,
    turns: [
      { role: 'user', text: 'Question?', loss: null, from: 'user' },
      { role: 'assistant', text: lastText, loss: null, from: 'assistant' },
    ],
  };
}

describe('reward filter', () => {
  it("defaults to AgentTuning's thresholds: r = 1, and r >= 2/3 for mind2web; a missing reward is kept", () => {
    expect(defaults.minimum).toBe(1);
    expect(defaults.minimumByTask).toEqual({ mind2web: 2 / 3 });
    expect(defaults.missing).toBe('keep');
    expect(defaults.fields).toEqual(['reward', 'meta.reward', 'success']);
  });

  itWithData('keeps every released AgentInstruct record (they carry no reward) and scores them as missing', () => {
    for (const record of agents.filter((candidate) => candidate.source !== 'eto')) {
      const measurement = rewardFilter.measure(record.conversation, record.context, defaults);
      expect(measurement.scores).toEqual({ rewardMissing: 1 });
      expect(judged(record).decision).toBe('keep');
    }
  });

  itWithData("reads ETO's reward field: 1.0 and 1.0 keep, 0.75 drops below webshop's threshold of 1", () => {
    expect(eto.map((record) => rewardFilter.measure(record.conversation, record.context, defaults).scores.reward)).toEqual([1, 0.75, 1]);
    const outcomes = eto.map((record) => judged(record));
    expect(outcomes.map((outcome) => outcome.decision)).toEqual(['keep', 'drop', 'keep']);
    expect(outcomes[1].reasons[0]).toMatchObject({
      stage: 'filter',
      rule: 'reward.below-threshold',
      message: 'reward 0.75 from field `reward` is below the webshop threshold 1',
    });
  });

  itWithData('re-judges with another threshold without measuring again', () => {
    const measurement = rewardFilter.measure(eto[1].conversation, eto[1].context, defaults);
    const lenient = rewardSettings.parse({ minimum: 0.7 });
    expect(rewardFilter.judge(measurement, defaults, eto[1].context).decision).toBe('drop');
    expect(rewardFilter.judge(measurement, lenient, eto[1].context).decision).toBe('keep');
    const perTask = rewardSettings.parse({ minimumByTask: { webshop: 0.75 } });
    expect(rewardFilter.judge(measurement, perTask, eto[1].context).decision).toBe('keep');
  });

  itWithData("reads FireAct's reward from the last turn's text", () => {
    const fireact = fireactRecords();
    for (const record of fireact) {
      const measurement = rewardFilter.measure(record.conversation, record.context, defaults);
      expect(measurement.scores.reward).toBe(1);
      expect(measurement.evidence?.reward.message).toMatch(/^reward 1 from the text of the last turn \(\d+\)$/);
      expect(judged(record).decision).toBe('keep');
    }
    const failed = withTurnText(fireact[0], fireact[0].conversation.turns.length - 1, 'Observation: Episode finished, reward = False');
    expect(judged(failed).decision).toBe('drop');
    const partial = withTurnText(fireact[0], fireact[0].conversation.turns.length - 1, 'Observation: Episode finished, reward = 0.5');
    expect(rewardFilter.measure(partial.conversation, partial.context, defaults).scores.reward).toBe(0.5);
    const noText = rewardSettings.parse({ fromText: false });
    expect(rewardFilter.measure(fireact[0].conversation, fireact[0].context, noText).scores.rewardMissing).toBe(1);
  });

  it('applies the mind2web threshold of 2/3 (with slack for rounded values)', () => {
    const context: FilterContext = { role: 'agent', task: 'mind2web' };
    const at = (reward: number) => rewardFilter.judge(rewardFilter.measure(conversation({ reward }), context, defaults), defaults, context);
    expect(at(0.6667).decision).toBe('keep');
    expect(at(2 / 3).decision).toBe('keep');
    expect(at(0.6).decision).toBe('drop');
    expect(at(0.6).reasons[0].message).toBe('reward 0.6 from field `reward` is below the mind2web threshold 0.667');
  });

  it('reads nested and boolean fields, and prefers the scores file', () => {
    const context: FilterContext = { role: 'agent', task: 'os' };
    expect(rewardFilter.measure(conversation({ meta: { reward: 0.5 } }), context, defaults).scores.reward).toBe(0.5);
    expect(rewardFilter.measure(conversation({ success: false }), context, defaults).scores.reward).toBe(0);
    expect(rewardFilter.measure(conversation({ success: 'True' }), context, defaults).scores.reward).toBe(1);
    const joined = rewardFilter.measure(conversation({ reward: 0 }), { ...context, externalReward: 1 }, defaults);
    expect(joined.scores.reward).toBe(1);
    expect(joined.evidence?.reward.message).toBe('reward 1 from the scores file');
    const readerOnly = { ...conversation(null), reward: 0.5 };
    expect(rewardFilter.measure(readerOnly, context, defaults).evidence?.reward.message).toBe('reward 0.5 from the record');
    const otherField = { ...conversation({ reward: 1 }), reward: 1 };
    expect(rewardFilter.measure(otherField, context, rewardSettings.parse({ fields: ['score'], fromText: false })).scores.rewardMissing).toBe(1);
  });

  it("uses the run's outcome the reader found when no field has a reward, unless fromOutcome is off", () => {
    const context: FilterContext = { role: 'agent', task: null };
    const run: Conversation = { ...conversation({ output: { result: 0 } }), reward: 0, outcome: { reward: 0, success: false, status: 'completed', from: 'output.result' } };
    const measured = rewardFilter.measure(run, context, defaults);
    expect(measured.scores.reward).toBe(0);
    expect(measured.evidence?.reward.message).toBe("reward 0 from field `output.result` (the run's outcome)");
    expect(rewardFilter.judge(measured, defaults, context).decision).toBe('drop');
    const off = rewardSettings.parse({ fromOutcome: false, fromText: false });
    expect(rewardFilter.measure(run, context, off).scores.rewardMissing).toBe(1);
    // A field the recipe names wins over the outcome.
    const named = rewardSettings.parse({ fields: ['score'] });
    expect(rewardFilter.measure({ ...run, raw: { score: 1 } }, context, named).scores.reward).toBe(1);
    const custom = rewardSettings.parse({ fields: ['scores.final'] });
    expect(rewardFilter.measure(conversation({ scores: { final: 0.9 }, reward: 1 }), context, custom).scores.reward).toBe(0.9);
  });

  itWithData('applies the missing-reward policy to agent records only, by default', () => {
    const drop = rewardSettings.parse({ missing: 'drop' });
    const agent = agents[0];
    const outcome = judged(agent, drop);
    expect(outcome.decision).toBe('drop');
    expect(outcome.reasons[0].rule).toBe('reward.missing');
    expect(outcome.reasons[0].message).toContain('no reward found');
    expect(judged(agent, rewardSettings.parse({ missing: 'flag' })).decision).toBe('flag');
    const general = generalRecords()[0];
    expect(judged(general, drop).decision).toBe('keep');
    expect(judged(general, rewardSettings.parse({ missing: 'drop', missingRoles: ['agent', 'general'] })).decision).toBe('drop');
  });

  it('rejects a text pattern that does not compile, at the setting', () => {
    const result = rewardSettings.safeParse({ textPattern: 'reward = (' });
    expect(result.success).toBe(false);
    expect(result.error?.issues[0].path).toEqual(['textPattern']);
  });

  it('turns reward values into numbers', () => {
    expect(rewardValue(0.5)).toBe(0.5);
    expect(rewardValue(true)).toBe(1);
    expect(rewardValue('False')).toBe(0);
    expect(rewardValue(' 0.25 ')).toBe(0.25);
    expect(rewardValue('')).toBeNull();
    expect(rewardValue('high')).toBeNull();
    expect(rewardValue(Number.NaN)).toBeNull();
    expect(rewardValue(null)).toBeNull();
  });
});
