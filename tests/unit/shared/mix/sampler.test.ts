import { describe, expect, it } from 'vitest';
import { sampleMix, type MixResult } from '../../../../shared/mix/sampler';
import type { MixCandidate } from '../../../../shared/mix/pool';
import { Xoshiro128StarStar } from '../../../../shared/mix/random';
import type { MixSettingsInput } from '../../../../shared/mix/settings';
import { realAgentCandidates, realGeneralCandidates, syntheticCandidates } from './candidates';
import { realData } from '../../../helpers/data';
import { describeWithData, itWithData } from '../../../helpers/with-data';

const agent = realData(() => realAgentCandidates());
const general = realData(() => realGeneralCandidates());
const real = realData(() => [...agent, ...general]);

/** |agent − η·all| in the unit of `by`, on the train split. */
function miss(result: MixResult): number {
  const totals = result.settings.by === 'records' ? result.achieved.train.records : result.achieved.train.tokens;
  return Math.abs(totals.agent - result.settings.agentShare * (totals.agent + totals.general));
}

function oneRecord(result: MixResult): number {
  return result.settings.by === 'records' ? 1 : Math.max(...result.train.map((pick) => pick.tokens));
}

describe('sampleMix on the real samples (200 AgentInstruct records, 800 general)', () => {
  itWithData('uses every agent record once and samples general records to η = 0.2 by default', () => {
    const result = sampleMix(real);
    expect(result.settings.agentShare).toBe(0.2);
    expect(result.achieved.train.records.agent).toBe(200);
    expect(result.achieved.train.records.general).toBe(800);
    expect(result.achieved.train.records.share).toBe(0.2);
    expect(result.reachable).toBe(true);
    expect(result.train.every((pick) => pick.count === 1)).toBe(true);
    expect(result.trainOrder).toHaveLength(1000);
  });

  itWithData('samples fewer general records for a larger η, and reports the token share too', () => {
    const result = sampleMix(real, { agentShare: 0.5 });
    expect(result.achieved.train.records).toMatchObject({ agent: 200, general: 200, share: 0.5 });
    const tokens = result.achieved.train.tokens;
    expect(tokens.share).toBeCloseTo(tokens.agent / (tokens.agent + tokens.general), 12);
    expect(tokens.share).toBeGreaterThan(0.5); // agent trajectories are longer than the dummy chats
  });

  itWithData('meets η by tokens within one record', () => {
    const result = sampleMix(real, { agentShare: 0.7, by: 'tokens' });
    expect(result.reachable).toBe(true);
    expect(miss(result)).toBeLessThanOrEqual(oneRecord(result));
  });

  itWithData('explains, with the numbers, why η cannot be met when general records run out', () => {
    const result = sampleMix(real.filter((candidate) => candidate.role === 'agent' || candidate.key.startsWith('glaive:')).slice(0, 500));
    // 200 agent + 300 general: η = 0.4 by records at best without repeating general records.
    expect(result.reachable).toBe(false);
    expect(result.achieved.train.records).toMatchObject({ agent: 200, general: 300, share: 0.4 });
    const explanation = result.notes.at(-1) ?? '';
    expect(explanation).toContain('only 200 agent records and 300 general: η = 0.40 by records, 0.20 above the target 0.20');
    expect(explanation).toContain('needs 800 general records');
    expect(explanation).toContain('at most 375');
  });

  it('reproduces the example of the brief: 1,866 agent and 2,000 general give η = 0.48, 0.28 short', () => {
    const result = sampleMix(syntheticCandidates(3, 1866, 2000));
    expect(result.reachable).toBe(false);
    expect(result.notes.at(-1)).toMatch(/^only 1,866 agent records and 2,000 general: η = 0\.48 by records, 0\.28 above the target 0\.20, because/);
  });

  it('repeats general records when asked, and says so', () => {
    const result = sampleMix(syntheticCandidates(3, 1866, 2000), { upsample: 'both' });
    expect(result.reachable).toBe(true);
    expect(result.achieved.train.records.general).toBe(7464);
    expect(result.notes.join('\n')).toMatch(/general records up-sampled \(repeated\): 2,000 distinct records make 7,464 records, each used 3–4 times/);
  });

  itWithData('with a total, down-samples agent records and says so', () => {
    const result = sampleMix(real, { total: 500 });
    expect(result.achieved.train.records).toMatchObject({ agent: 100, general: 400, share: 0.2 });
    expect(result.notes.join('\n')).toContain('agent records down-sampled: 100 of 200 records');
  });

  itWithData('with a total larger than the agent data, repeats agent records evenly', () => {
    const result = sampleMix(real, { total: 4000, upsample: 'both' });
    expect(result.achieved.train.records).toMatchObject({ agent: 800, general: 3200 });
    const agentCounts = result.train.filter((pick) => pick.role === 'agent').map((pick) => pick.count);
    expect(new Set(agentCounts)).toEqual(new Set([4]));
    expect(result.trainOrder).toHaveLength(4000);
  });

  itWithData('with a total but no repeating allowed, keeps η and says the total was not reached', () => {
    const result = sampleMix(real, { total: 4000, upsample: 'none' });
    expect(result.achieved.train.records).toMatchObject({ agent: 200, general: 800, share: 0.2 });
    expect(result.notes.join('\n')).toContain('mix.total 4,000 not reached');
  });

  itWithData('honours per-source and per-task caps and weights', () => {
    const result = sampleMix(real, {
      sources: { 'fastchat-sharegpt/dummy_conversation.json': { cap: 100 } },
      tasks: { db: { cap: 10 }, os: { weight: 2 }, kg: { weight: 0 } },
      agentShare: 0.25,
    });
    const agentPicks = result.train.filter((pick) => pick.role === 'agent');
    const copiesOf = (task: string) => agentPicks.filter((pick) => pick.task === task).reduce((sum, pick) => sum + pick.count, 0);
    expect(copiesOf('db')).toBe(10);
    expect(copiesOf('os')).toBe(46);
    expect(copiesOf('kg')).toBe(0);
    expect(result.train.filter((pick) => pick.source === 'fastchat-sharegpt/dummy_conversation.json').length).toBeLessThanOrEqual(100);
    expect(result.notes.join('\n')).toContain('task db: capped at 10 of 54 copies');
  });

  itWithData('notes settings that name tasks or sources that are not there', () => {
    const result = sampleMix(real, { tasks: { chess: { cap: 1 } }, sources: { 'missing.json': { cap: 1 } } });
    expect(result.notes).toContain('mix.tasks names chess, which no kept agent record has.');
    expect(result.notes).toContain('mix.sources names missing.json, which gave no kept record.');
  });

  itWithData('handles η = 0 and η = 1', () => {
    expect(sampleMix(real, { agentShare: 0 }).achieved.train.records).toMatchObject({ agent: 0, general: 800 });
    expect(sampleMix(real, { agentShare: 1 }).achieved.train.records).toMatchObject({ agent: 200, general: 0 });
  });

  itWithData('explains an empty agent side instead of failing', () => {
    const result = sampleMix(general);
    expect(result.reachable).toBe(false);
    expect(result.notes.at(-1)).toContain('no agent records are left after filtering and review');
  });

  it('rejects settings outside their ranges', () => {
    expect(() => sampleMix(real, { agentShare: 1.5 })).toThrow();
    expect(() => sampleMix(real, { validation: 1 })).toThrow();
    expect(() => sampleMix(real, { seed: -1 })).toThrow();
    expect(() => sampleMix(real, { unknown: true } as MixSettingsInput)).toThrow();
  });
});

describeWithData('validation split', () => {
  it('holds out a stratified fraction, never shared with train', () => {
    const result = sampleMix(real, { validation: 0.1 });
    const trainKeys = new Set(result.train.map((pick) => pick.key));
    expect(result.validation.some((pick) => trainKeys.has(pick.key))).toBe(false);
    expect(result.validation.filter((pick) => pick.role === 'agent')).toHaveLength(20);
    expect(result.validation.filter((pick) => pick.role === 'general')).toHaveLength(80);
    for (const task of ['db', 'alfworld', 'webshop', 'kg', 'os', 'mind2web']) {
      const all = agent.filter((candidate) => candidate.task === task).length;
      const held = result.validation.filter((pick) => pick.task === task).length;
      expect(Math.abs(held - all * 0.1)).toBeLessThan(1);
    }
    expect(Math.abs(result.achieved.train.records.share - 0.2)).toBeLessThan(0.01);
    expect(result.validationOrder).toHaveLength(100);
  });

  it('moves every copy of a repeated record out of train when it is held out', () => {
    const result = sampleMix(real, { total: 2000, validation: 0.2 });
    const heldAgent = result.validation.filter((pick) => pick.role === 'agent').map((pick) => pick.key);
    expect(heldAgent.length).toBe(40);
    expect(result.trainOrder.some((key) => heldAgent.includes(key))).toBe(false);
    expect(result.validation.every((pick) => pick.count === 1)).toBe(true);
  });
});

describe('sampleMix properties', () => {
  const shapes: MixSettingsInput[] = [];
  const random = Xoshiro128StarStar.fromSeed(2024);
  for (let index = 0; index < 40; index++) {
    shapes.push({
      agentShare: [0.05, 0.1, 0.2, 0.33, 0.5, 0.8][random.nextBelow(6)],
      by: random.nextBelow(2) === 0 ? 'records' : 'tokens',
      total: random.nextBelow(3) === 0 ? 200 + random.nextBelow(3000) * (random.nextBelow(2) === 0 ? 1 : 500) : undefined,
      upsample: 'both',
      seed: random.nextBelow(1000),
    });
  }

  function shuffled(candidates: MixCandidate[], seed: number): MixCandidate[] {
    return Xoshiro128StarStar.fromSeed(seed).shuffle([...candidates]);
  }

  it('gives the same output for the same inputs and seed, whatever order the records arrive in', () => {
    const candidates = syntheticCandidates(11, 300, 2000);
    for (const settings of shapes.slice(0, 12)) {
      const first = sampleMix(candidates, settings);
      const again = sampleMix(shuffled(candidates, 99), settings);
      expect(again.trainOrder).toEqual(first.trainOrder);
      expect(again.train).toEqual(first.train);
      expect(again.notes).toEqual(first.notes);
    }
  });

  it('gives a different draw for a different seed', () => {
    const candidates = syntheticCandidates(11, 300, 2000);
    const a = sampleMix(candidates, { seed: 1 });
    const b = sampleMix(candidates, { seed: 2 });
    expect(a.trainOrder).not.toEqual(b.trainOrder);
  });

  it('meets η within one record whenever it reports it reachable, and with repeats allowed it always is', () => {
    for (const [index, settings] of shapes.entries()) {
      const candidates = syntheticCandidates(index, 50 + index * 13, 400 + index * 41);
      const result = sampleMix(candidates, settings);
      expect(result.reachable, JSON.stringify(settings)).toBe(true);
      expect(miss(result), JSON.stringify(settings)).toBeLessThanOrEqual(oneRecord(result));
    }
  });

  it('never exceeds a cap without a total, and never uses more distinct records than a source cap allows', () => {
    for (let index = 0; index < 20; index++) {
      const candidates = syntheticCandidates(100 + index, 400, 3000);
      const cap = 5 + index * 7;
      const result = sampleMix(candidates, {
        tasks: { db: { cap }, os: { weight: 1.5, cap: cap * 2 } },
        sources: { 'general-1.json': { cap: cap * 10 } },
        seed: index,
      });
      const copies = (task: string) =>
        result.train.filter((pick) => pick.task === task).reduce((sum, pick) => sum + pick.count, 0);
      expect(copies('db')).toBeLessThanOrEqual(cap);
      expect(copies('os')).toBeLessThanOrEqual(cap * 2);
      expect(result.train.filter((pick) => pick.source === 'general-1.json').length).toBeLessThanOrEqual(cap * 10);
    }
  });
});
