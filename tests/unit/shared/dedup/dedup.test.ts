import { describe, expect, it } from 'vitest';
import { deduplicate } from '../../../../shared/dedup/dedup';
import { finalKept } from '../../../../shared/dedup/clusters';
import { extractFeatures, mergeFeatures, type TextTurn } from '../../../../shared/dedup/features';
import { jaccard } from '../../../../shared/dedup/jaccard';
import { recordShingleSet } from '../../../../shared/dedup/near';
import { dedupSettings } from '../../../../shared/dedup/settings';
import { agentSamples, readRecords } from './real-data';
import { describeWithData } from '../../../helpers/with-data';
import { corpusSentences, createRandom, editRecord, plantedCorpus, realSentences } from './planted';

const defaults = dedupSettings.parse({});
/** For tiny hand-made sets, where every shared turn would count as a template. */
const noTemplateRule = dedupSettings.parse({ templates: { enabled: false } });

describe('near dedup on planted pairs (real texts, or the demo\'s without ../shared/data)', () => {
  const corpus = plantedCorpus(2024, 1500, 400, 2300, 12);
  const features = extractFeatures(corpus.records, 5);
  const result = deduplicate({ features }, defaults);
  const noTemplates = new Uint8Array(features.turnRoles.length);
  const similarity = (a: number, b: number): number => jaccard(recordShingleSet(features, noTemplates, a), recordShingleSet(features, noTemplates, b));

  it('finds at least 99% of the planted pairs with Jaccard >= 0.8 (recall)', () => {
    const above = corpus.pairs.filter(([a, b]) => similarity(a, b) >= 0.8);
    expect(above.length).toBeGreaterThan(200);
    expect(above.length).toBeLessThan(400);
    const { duplicateOf } = result.assignment;
    const found = above.filter(([a, b]) => duplicateOf[a] !== -1 || duplicateOf[b] !== -1);
    expect(found.length / above.length).toBeGreaterThanOrEqual(0.99);
  });

  it('never merges a record below the threshold with its kept record (precision)', () => {
    const { duplicateOf, similarity: reported } = result.assignment;
    let duplicates = 0;
    for (let record = 0; record < features.recordCount; record++) {
      if (duplicateOf[record] === -1) continue;
      duplicates++;
      const exact = similarity(record, duplicateOf[record]);
      expect(exact).toBeGreaterThanOrEqual(0.8);
      expect(reported[record]).toBeCloseTo(exact, 5);
    }
    // Only planted copies (or their originals) are duplicates: random real-sentence records never are.
    const planted = new Set(corpus.pairs.flat());
    for (let record = 0; record < features.recordCount; record++) if (duplicateOf[record] !== -1) expect(planted.has(record)).toBe(true);
    expect(duplicates).toBeGreaterThan(0);
    expect(result.near?.rejectedPairs).toBeGreaterThanOrEqual(0);
  });

  it('reports clusters with their similarity range and kept member', () => {
    for (const cluster of result.assignment.clusters) {
      expect(cluster.members[0]).toBe(cluster.kept);
      expect(cluster.size).toBe(cluster.members.length);
      expect(cluster.minSimilarity).toBeGreaterThanOrEqual(0.8);
      expect(cluster.maxSimilarity).toBeLessThanOrEqual(1);
      expect(['reward', 'longest', 'first']).toContain(cluster.reason);
      for (const member of cluster.members) expect(result.assignment.cluster[member]).toBe(cluster.id);
    }
  });

  it('gives the same verdicts when signatures come precomputed per worker range', async () => {
    const { createMinHashKernel } = await import('../../../../shared/dedup/minhash-wasm');
    const { createMinHashParameters } = await import('../../../../shared/dedup/minhash');
    const { computeSignatures } = await import('../../../../shared/dedup/near');
    const kernel = createMinHashKernel(createMinHashParameters(128, defaults.near.seed));
    const signatures = new Uint32Array(features.recordCount * 128);
    const half = features.recordCount >> 1;
    computeSignatures(features, noTemplates, kernel, 0, half, signatures, 0);
    computeSignatures(features, noTemplates, kernel, half, features.recordCount, signatures, half);
    const again = deduplicate({ features, signatures }, defaults);
    expect(Array.from(again.assignment.duplicateOf)).toEqual(Array.from(result.assignment.duplicateOf));
    // Read back from a store in chunks (as from the run's scratch file), verified and unverified.
    const reads: number[] = [];
    const store = { length: signatures.length, read: (from: number, to: number) => (reads.push(to - from), signatures.slice(from, to)) };
    const stored = deduplicate({ features, signatures: store }, defaults);
    expect(Array.from(stored.assignment.duplicateOf)).toEqual(Array.from(result.assignment.duplicateOf));
    expect(reads.length).toBeGreaterThan(0);
    const unverified = { ...defaults, near: { ...defaults.near, verify: false } };
    const estimated = deduplicate({ features, signatures }, unverified);
    expect(Array.from(deduplicate({ features, signatures: store }, unverified).assignment.duplicateOf)).toEqual(Array.from(estimated.assignment.duplicateOf));
    expect(Array.from(deduplicate({ features }, unverified).assignment.duplicateOf)).toEqual(Array.from(estimated.assignment.duplicateOf));
  });
});

describe('chaining guard', () => {
  it('does not merge A and C when A~B and B~C but not A~C', () => {
    const random = createRandom(77);
    const sentences = corpusSentences();
    const base = plantedCorpus(1, 1, 0, 2300).records[0];
    // About S/55 edits each for S shingles: A~B and B~C stay above 0.8, A~C (twice the edits) falls below.
    const words = base.reduce((total, turn) => total + turn.text.split(' ').length, 0);
    for (let attempt = 0; attempt < 200; attempt++) {
      const edits = Math.round(words / 55) + (attempt % 3) - 1;
      const middle = editRecord(random, base, edits, sentences);
      const far = editRecord(random, middle, edits, sentences);
      const features = extractFeatures([base, middle, far], 5);
      const none = new Uint8Array(features.turnRoles.length);
      const j = (a: number, b: number): number => jaccard(recordShingleSet(features, none, a), recordShingleSet(features, none, b));
      if (!(j(0, 1) >= 0.8 && j(1, 2) >= 0.8 && j(0, 2) < 0.8)) continue;
      // A has the best reward, so it is kept: B joins it, C (similar to B only) must not.
      const result = deduplicate({ features, rewards: Float64Array.from([1, 0, 0]) }, noTemplateRule);
      for (const cluster of result.assignment.clusters) {
        for (const member of cluster.members.slice(1)) expect(j(cluster.kept, member)).toBeGreaterThanOrEqual(0.8);
      }
      const { cluster, duplicateOf } = result.assignment;
      expect(duplicateOf[1]).toBe(0);
      expect(cluster[2] === cluster[0]).toBe(false);
      expect(duplicateOf[2]).toBe(-1);
      return;
    }
    throw new Error('no chain A~B~C with J(A,C) < 0.8 was built; adjust the edit counts');
  });
});

describe('keep policy', () => {
  const original = plantedCorpus(5, 1, 0, 1500).records[0];
  const copy = original.map((turn) => ({ ...turn }));
  const longer: TextTurn[] = [...original.map((turn) => ({ ...turn })), { role: 'user', text: 'thanks' }];

  it('keeps the highest reward, then the longest, then the first', () => {
    const features = extractFeatures([original, copy, longer], 5);
    const byReward = deduplicate({ features, rewards: Float64Array.from([0.5, 1, Number.NaN]) }, { ...noTemplateRule, exact: { enabled: false, scope: 'conversation' } });
    const rewardCluster = byReward.assignment.clusters[0];
    expect(rewardCluster.kept).toBe(1);
    expect(rewardCluster.reason).toBe('reward');
    const byLength = deduplicate({ features }, noTemplateRule);
    expect(byLength.assignment.duplicateOf[0]).toBe(2);
    expect(byLength.assignment.clusters.find((cluster) => cluster.kind === 'near')?.reason).toBe('longest');
    // Record 1 is an exact copy of 0, which is itself a near duplicate of 2: the chain ends at 2.
    expect(byLength.assignment.duplicateOf[1]).toBe(0);
    expect(finalKept(byLength.assignment, 1)).toBe(2);
    const twins = deduplicate({ features: extractFeatures([original, copy], 5) }, noTemplateRule);
    expect(twins.assignment.clusters[0]).toMatchObject({ kind: 'exact', kept: 0, members: [0, 1], reason: 'first', minSimilarity: 1 });
    expect(twins.exactDuplicates).toBe(1);
  });
});

describeWithData('templates and exact scopes on real AgentInstruct data', () => {
  it('finds the db prompt and "Ok." as templates; unrelated db records are not duplicates', () => {
    const records = agentSamples('db');
    const features = extractFeatures(records.map((record) => record.turns), 5);
    const result = deduplicate({ features }, defaults);
    expect(result.templates[0].length).toBeGreaterThanOrEqual(2);
    expect(result.templateMask[0]).toBe(1);
    expect(result.templateMask[1]).toBe(1);
    expect(result.assignment.clusters).toHaveLength(0);
    // Without the template rule, the shared prompt makes them look alike (0.6 and more).
    const none = new Uint8Array(features.turnRoles.length);
    expect(jaccard(recordShingleSet(features, none, 0), recordShingleSet(features, none, 1))).toBeGreaterThan(0.55);
    expect(jaccard(recordShingleSet(features, result.templateMask, 0), recordShingleSet(features, result.templateMask, 1))).toBeLessThan(0.1);
  });

  it('treats the same question with another trajectory as a duplicate only for the instruction scope', () => {
    const records = agentSamples('db').map((record) => record.turns);
    const retry = records[0].map((turn, index) => (index === 3 ? { role: turn.role, text: 'I cannot do that.\nAction: Answer\nFinal Answer: ["none"]' } : turn));
    const features = extractFeatures([...records, retry], 5);
    const conversation = deduplicate({ features }, { ...defaults, near: { ...defaults.near, enabled: false } });
    expect(conversation.assignment.clusters).toHaveLength(0);
    const instruction = deduplicate({ features }, { ...defaults, exact: { enabled: true, scope: 'instruction' }, near: { ...defaults.near, enabled: false } });
    expect(instruction.assignment.clusters).toHaveLength(1);
    expect(instruction.assignment.clusters[0].members.sort()).toEqual([0, 5]);
    const user = deduplicate({ features }, { ...defaults, exact: { enabled: true, scope: 'user' }, near: { ...defaults.near, enabled: false } });
    expect(user.assignment.clusters[0].members.sort()).toEqual([0, 5]);
  });

  it('finds a cross-source copy: an AgentInstruct trajectory pasted into a ShareGPT record', () => {
    const agent = agentSamples('alfworld').map((record) => record.turns);
    const general = readRecords('sharegpt-real-dialogstudio', 'original_example.json').map((record) => record.turns);
    const agentFeatures = extractFeatures(agent, 5);
    const agentResult = deduplicate({ features: agentFeatures }, defaults);
    // The copy: the non-template turns of alfworld record 2, with a light edit, as a ShareGPT record.
    const pasted = agent[2].filter((_, index) => agentResult.templateMask[agentFeatures.recordTurns[2] + index] === 0);
    const copy = editRecord(createRandom(1), pasted, 2, realSentences());
    const features = mergeFeatures([agentFeatures, extractFeatures([...general, copy], 5)]);
    const sources = [
      { from: 0, to: agent.length },
      { from: agent.length, to: agent.length + general.length + 1 },
    ];
    const result = deduplicate({ features, sources }, defaults);
    const copyIndex = agent.length + general.length;
    const pair = [result.assignment.duplicateOf[2], result.assignment.duplicateOf[copyIndex]];
    expect(pair).toContain(pair[0] === -1 ? 2 : copyIndex);
    expect(result.assignment.cluster[2]).toBe(result.assignment.cluster[copyIndex]);
    expect(result.assignment.cluster[2]).not.toBe(-1);
    // No other record is touched.
    expect(result.assignment.clusters).toHaveLength(1);
  });
});
