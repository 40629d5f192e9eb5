/**
 * The sampler at a million candidates (docs/scale.md, "Nothing breaks at size"): the mix of a
 * 1M-record run once crashed with "Maximum call stack size exceeded" because a source's records
 * were spread into `push`. Pure data, no files; every path that walks whole sources or pools runs.
 */
import { describe, expect, it } from 'vitest';
import type { MixCandidate } from '../../../shared/mix/pool';
import { sampleMix } from '../../../shared/mix/sampler';

const MILLION = 1_000_000;
const TASKS = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'];

/** 100k agent records over six tasks and two sources, 900k general records in one source. */
function candidates(): MixCandidate[] {
  const list: MixCandidate[] = new Array(MILLION);
  for (let index = 0; index < MILLION; index++) {
    const agent = index % 10 === 0;
    list[index] = {
      key: `${agent ? 'a' : 'g'}:${index.toString(36).padStart(4, '0')}`,
      source: agent ? (index % 20 === 0 ? 'agent-1.jsonl' : 'agent-2.jsonl') : 'general.jsonl',
      task: agent ? TASKS[(index / 10) % TASKS.length] : null,
      role: agent ? 'agent' : 'general',
      tokens: 100 + (index % 997),
    };
  }
  return list;
}

describe('sampleMix over 1,000,000 candidates', () => {
  const all = candidates();

  it('keeps every agent record and samples general records to η = 0.2 (whole sources pushed at once)', () => {
    const result = sampleMix(all, { agentShare: 0.2 });
    expect(result.achieved.train.records.agent).toBe(100_000);
    expect(result.achieved.train.records.general).toBe(400_000);
    expect(result.trainOrder).toHaveLength(500_000);
    expect(result.reachable).toBe(true);
  });

  it('applies source caps, task weights and caps, by tokens, with a validation split', () => {
    const result = sampleMix(all, {
      agentShare: 0.3,
      by: 'tokens',
      sources: { 'general.jsonl': { cap: 800_000 } },
      tasks: { os: { weight: 2.5 }, kg: { cap: 5_000 } },
      validation: 0.01,
    });
    expect(result.train.length + result.validation.length).toBeGreaterThan(300_000);
    expect(result.reachable).toBe(true);
    expect(result.notes.join('\n')).toContain('800,000 of 900,000 records kept');
    expect(result.train.filter((pick) => pick.task === 'kg').reduce((sum, pick) => sum + pick.count, 0)).toBeLessThanOrEqual(5_000);
  });

  it('up-samples a total larger than the agent records (the repeat counts are summed without a spread)', () => {
    const result = sampleMix(all, { agentShare: 0.5, total: 1_200_000 });
    expect(result.achieved.train.records.agent).toBe(600_000);
    expect(result.achieved.train.records.general).toBe(600_000);
    expect(result.notes.join('\n')).toMatch(/agent records up-sampled \(repeated\): 100,000 distinct records make 600,000 records, each used 6–6 times/);
  });
});
