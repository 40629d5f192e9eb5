/**
 * MinHash signatures (Broder 1997, "On the resemblance and containment of documents"): for each of
 * k hash permutations, the minimum over a document's shingles; the share of equal positions in two
 * signatures estimates the Jaccard similarity of the shingle sets, with variance J(1 - J) / k.
 *
 * The permutations are `x -> a * x + b (mod 2^32)` with odd `a`: bijections of the 32-bit shingle
 * keys, which are already uniform (fmix32-finished in `word-ngrams.ts`), so the minimum of each
 * permutation is a fair sample of the union. Mod 2^32 (instead of datasketch's mod 2^61 - 1) maps
 * onto one i32x4.mul + i32x4.add in the WebAssembly SIMD kernel (`minhash-wasm.ts`); both kernels
 * compute exactly the same signature, which a test checks.
 */

/** The parameters of k permutations: `multipliers[i]` (odd) and `offsets[i]`. */
export interface MinHashParameters {
  /** k, the signature length. */
  permutations: number;
  /** The odd multipliers a_i. */
  multipliers: Uint32Array;
  /** The offsets b_i. */
  offsets: Uint32Array;
}

/** Seed of the default permutations: fixed, so signatures are comparable across runs and workers. */
export const DEFAULT_MINHASH_SEED = 0x5eed_1234;

/** SplitMix32-style generator: a tiny, seedable source of well-mixed 32-bit values. */
function nextRandom(state: Uint32Array): number {
  state[0] = (state[0] + 0x9e3779b9) >>> 0;
  let value = state[0];
  value = Math.imul(value ^ (value >>> 16), 0x21f0aaad);
  value = Math.imul(value ^ (value >>> 15), 0x735a2d97);
  return (value ^ (value >>> 15)) >>> 0;
}

/** Draws k permutations from a seed: the same seed always gives the same parameters. */
export function createMinHashParameters(permutations: number, seed = DEFAULT_MINHASH_SEED): MinHashParameters {
  if (!Number.isInteger(permutations) || permutations < 1) throw new RangeError(`permutations must be a positive integer, got ${permutations}`);
  const state = new Uint32Array([seed >>> 0]);
  const multipliers = new Uint32Array(permutations);
  const offsets = new Uint32Array(permutations);
  for (let index = 0; index < permutations; index++) {
    multipliers[index] = (nextRandom(state) | 1) >>> 0;
    offsets[index] = nextRandom(state);
  }
  return { permutations, multipliers, offsets };
}

/**
 * Writes the MinHash signature of `shingles[from..to)` into `out[outOffset .. outOffset + k)`, in
 * plain JavaScript (the fallback of the WebAssembly kernel; about 60 µs for 400 shingles and k = 128).
 * An empty range gives all 0xffffffff. Duplicated shingles do not change the result.
 */
export function minHashSignatureJs(parameters: MinHashParameters, shingles: Uint32Array, from: number, to: number, out: Uint32Array, outOffset = 0): void {
  const { permutations, multipliers, offsets } = parameters;
  out.fill(0xffffffff, outOffset, outOffset + permutations);
  for (let index = from; index < to; index++) {
    const shingle = shingles[index];
    for (let permutation = 0; permutation < permutations; permutation++) {
      const value = (Math.imul(shingle, multipliers[permutation]) + offsets[permutation]) >>> 0;
      if (value < out[outOffset + permutation]) out[outOffset + permutation] = value;
    }
  }
}

/** The share of equal positions of two signatures: the MinHash estimate of their Jaccard similarity. */
export function estimateJaccard(first: Uint32Array, second: Uint32Array, permutations: number, firstOffset = 0, secondOffset = 0): number {
  let equal = 0;
  for (let index = 0; index < permutations; index++) if (first[firstOffset + index] === second[secondOffset + index]) equal++;
  return equal / permutations;
}
