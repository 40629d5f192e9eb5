import { describe, expect, it } from 'vitest';
import { emptyStageCounts, manifestSchema, type Manifest } from '../../../../shared/export/manifest';
import { stableStringify } from '../../../../shared/export/stable-json';
import { sampleMix } from '../../../../shared/mix/sampler';
import { realAgentCandidates, realGeneralCandidates } from '../mix/candidates';
import { realData } from '../../../helpers/data';
import { describeWithData, itWithData } from '../../../helpers/with-data';

function manifest(): Manifest {
  const mix = realData(() => sampleMix([...realAgentCandidates(), ...realGeneralCandidates()], { validation: 0.05 }));
  return {
    app: { name: 'agentmix-studio', version: '0.1.0' },
    time: '2024-05-01T10:00:00.000Z',
    recipe: { sources: [{ path: 'a.json', role: 'agent' }] },
    seed: mix.settings.seed,
    inputs: [{ path: 'a.json', hash: 'ab12', role: 'agent', format: 'openai', records: 200 }],
    review: { files: [], conflicts: 0 },
    counts: { total: emptyStageCounts(), sources: { 'a.json': emptyStageCounts() }, tasks: { os: emptyStageCounts() } },
    mix: {
      agentShare: mix.settings.agentShare,
      by: mix.settings.by,
      reachable: mix.reachable,
      achieved: mix.achieved,
      notes: mix.notes,
    },
    outputs: [{ path: 'mix.json', split: 'train', format: 'sharegpt', records: 950, bytes: 10, sha256: 'a'.repeat(64) }],
    extras: { datasetInfo: 'dataset_info.json' },
    conversions: { 'tool-calls-as-text': { records: 3, turns: 5, rule: 'tool calls are written into the text' } },
    loss: [{ trainer: 'FastChat', trains: 'assistant', turns: 45, keep: 'tokenized' }],
    skipped: { count: 0, examples: [] },
    warnings: [],
  };
}

describeWithData('manifestSchema', () => {
  it('accepts a manifest built from a real mix result', () => {
    expect(manifestSchema.parse(manifest())).toEqual(manifest());
  });

  it('rejects a manifest with a bad hash, an unknown field or a missing time', () => {
    expect(() => manifestSchema.parse({ ...manifest(), outputs: [{ ...manifest().outputs[0], sha256: 'xyz' }] })).toThrow();
    expect(() => manifestSchema.parse({ ...manifest(), extra: 1 })).toThrow();
    const { time: _time, ...timeless } = manifest();
    expect(() => manifestSchema.parse(timeless)).toThrow();
  });
});

describe('stableStringify', () => {
  it('gives the same bytes whatever order keys were inserted in', () => {
    const a = { b: 1, a: { d: [{ y: 1, x: 2 }], c: null }, skipped: undefined };
    const b = { a: { c: null, d: [{ x: 2, y: 1 }] }, b: 1 };
    expect(stableStringify(a, 2)).toBe(stableStringify(b, 2));
    expect(stableStringify(a)).toBe('{"a":{"c":null,"d":[{"x":2,"y":1}]},"b":1}');
  });

  itWithData('sorts a real manifest at every depth', () => {
    const text = stableStringify(manifest(), 2);
    expect(Object.keys(JSON.parse(text))).toEqual([...Object.keys(manifest())].sort());
  });
});
