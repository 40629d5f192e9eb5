import { describe, expect, it } from 'vitest';
import { createMinHashParameters, estimateJaccard, minHashSignatureJs } from '../../../../shared/dedup/minhash';
import { createMinHashKernel, MINHASH_WASM_BYTES } from '../../../../shared/dedup/minhash-wasm';
import { extractFeatures } from '../../../../shared/dedup/features';
import { jaccard, sortUnique } from '../../../../shared/dedup/jaccard';
import { agentSamples, AGENT_SPLITS } from './real-data';
import { createRandom } from './planted';
import { itWithData } from '../../../helpers/with-data';

describe('MinHash parameters', () => {
  it('are deterministic per seed, with odd multipliers', () => {
    const first = createMinHashParameters(128, 42);
    const second = createMinHashParameters(128, 42);
    expect(Array.from(first.multipliers)).toEqual(Array.from(second.multipliers));
    expect(Array.from(first.offsets)).toEqual(Array.from(second.offsets));
    expect(Array.from(createMinHashParameters(128, 43).multipliers)).not.toEqual(Array.from(first.multipliers));
    expect(first.multipliers.every((value) => value % 2 === 1)).toBe(true);
    expect(() => createMinHashParameters(0)).toThrow(RangeError);
  });
});

describe('MinHash signatures', () => {
  const parameters = createMinHashParameters(128);
  const simd = createMinHashKernel(parameters);
  const plain = createMinHashKernel(parameters, false);

  it('uses the hand-written SIMD module here (Node 20 validates it)', () => {
    expect(MINHASH_WASM_BYTES.length).toBeLessThan(512);
    expect(simd.simd).toBe(true);
    expect(plain.simd).toBe(false);
  });

  itWithData('gives identical signatures in WebAssembly and in JavaScript on every real AgentInstruct record', () => {
    for (const split of AGENT_SPLITS) {
      const features = extractFeatures(agentSamples(split).map((record) => record.turns), 5);
      for (let record = 0; record < features.recordCount; record++) {
        const from = features.turnShingles[features.recordTurns[record]];
        const to = features.turnShingles[features.recordTurns[record + 1]];
        const a = new Uint32Array(128);
        const b = new Uint32Array(128);
        simd.signature(features.shingles, from, to, a);
        plain.signature(features.shingles, from, to, b);
        expect(Array.from(a)).toEqual(Array.from(b));
      }
    }
  });

  it('matches the JavaScript loop on random sets of every size, at an offset, and grows wasm memory', () => {
    const random = createRandom(3);
    for (const size of [0, 1, 3, 17, 1000, 40_000]) {
      const shingles = Uint32Array.from({ length: size + 5 }, () => Math.floor(random() * 2 ** 32));
      const a = new Uint32Array(256).fill(7);
      const b = new Uint32Array(256).fill(7);
      simd.signature(shingles, 5, size + 5, a, 64);
      minHashSignatureJs(parameters, shingles, 5, size + 5, b, 64);
      expect(Array.from(a)).toEqual(Array.from(b));
      expect(a[0]).toBe(7);
    }
  });

  it('signs an empty set with all 0xffffffff and ignores order and repeats', () => {
    const out = new Uint32Array(128);
    simd.signature(new Uint32Array(0), 0, 0, out);
    expect(out.every((value) => value === 0xffffffff)).toBe(true);
    const a = new Uint32Array(128);
    const b = new Uint32Array(128);
    simd.signature(Uint32Array.from([5, 9, 1, 9]), 0, 4, a);
    simd.signature(Uint32Array.from([1, 5, 9]), 0, 3, b);
    expect(Array.from(a)).toEqual(Array.from(b));
  });

  it('estimates Jaccard without bias, with the variance J(1-J)/k', () => {
    const random = createRandom(11);
    let squaredError = 0;
    let bias = 0;
    const trials = 300;
    for (let trial = 0; trial < trials; trial++) {
      const shared = 50 + Math.floor(random() * 300);
      const own = Math.floor(random() * 100);
      const common = Array.from({ length: shared }, () => Math.floor(random() * 2 ** 32));
      const first = Uint32Array.from([...common, ...Array.from({ length: own }, () => Math.floor(random() * 2 ** 32))]);
      const second = Uint32Array.from([...common, ...Array.from({ length: own }, () => Math.floor(random() * 2 ** 32))]);
      const a = new Uint32Array(128);
      const b = new Uint32Array(128);
      simd.signature(first, 0, first.length, a);
      simd.signature(second, 0, second.length, b);
      const exact = jaccard(first.slice(0, sortUnique(first, 0, first.length)), second.slice(0, sortUnique(second, 0, second.length)));
      const estimate = estimateJaccard(a, b, 128);
      bias += estimate - exact;
      squaredError += (estimate - exact) ** 2 / ((exact * (1 - exact)) / 128 + 1e-9);
    }
    expect(Math.abs(bias / trials)).toBeLessThan(0.01);
    // The normalized squared error averages 1 for an ideal estimator.
    expect(squaredError / trials).toBeGreaterThan(0.6);
    expect(squaredError / trials).toBeLessThan(1.5);
  });
});
