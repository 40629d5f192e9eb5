/**
 * The one seeded generator of the project: xoshiro128** 1.1 (Blackman & Vigna, "Scrambled Linear
 * Pseudorandom Number Generators", ACM TOMS 2021; reference code https://prng.di.unimi.it/xoshiro128starstar.c),
 * seeded through SplitMix64 (https://prng.di.unimi.it/splitmix64.c) as the authors recommend.
 *
 * Never `Math.random`: a mix must come out the same for the same seed on every machine, so every
 * step here is plain 32-bit integer arithmetic (`Math.imul`, `>>>`) with no floating-point state.
 */

const MASK_64 = (1n << 64n) - 1n;
/** SplitMix64's increment, the golden ratio in 64 bits (splitmix64.c). */
const GOLDEN_GAMMA = 0x9e3779b97f4a7c15n;
/** FNV-1a 64-bit offset basis and prime (http://www.isthe.com/chongo/tech/comp/fnv/). */
const FNV_OFFSET = 0xcbf29ce484222325n;
const FNV_PRIME = 0x100000001b3n;
const TWO_TO_32 = 4294967296;

/** A SplitMix64 stream: only used to expand a seed into a generator state. */
export class SplitMix64 {
  private state: bigint;

  /** Starts the stream at `seed` (taken modulo 2^64). */
  constructor(seed: bigint) {
    this.state = BigInt.asUintN(64, seed);
  }

  /** The next 64-bit output (splitmix64.c `next`). */
  next(): bigint {
    this.state = (this.state + GOLDEN_GAMMA) & MASK_64;
    let z = this.state;
    z = ((z ^ (z >> 30n)) * 0xbf58476d1ce4e5b9n) & MASK_64;
    z = ((z ^ (z >> 27n)) * 0x94d049bb133111ebn) & MASK_64;
    return z ^ (z >> 31n);
  }
}

/** Rotates a 32-bit word left by `k` bits. */
function rotateLeft(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** A xoshiro128** generator: 128 bits of state, 32-bit outputs, period 2^128 − 1. */
export class Xoshiro128StarStar {
  private readonly state: Uint32Array;

  /**
   * Starts from four 32-bit state words. An all-zero state is the one state the generator cannot
   * leave, so it is refused.
   */
  constructor(words: readonly [number, number, number, number]) {
    this.state = Uint32Array.from(words);
    if (this.state.every((word) => word === 0)) throw new Error('xoshiro128**: the state must not be all zero');
  }

  /**
   * Seeds the state from a 64-bit seed with SplitMix64: two outputs, each split into its low then
   * high 32-bit word (the little-endian layout rand_xoshiro's `seed_from_u64` uses).
   */
  static fromSeed(seed: number | bigint): Xoshiro128StarStar {
    const mixer = new SplitMix64(BigInt(seed));
    const first = mixer.next();
    const second = mixer.next();
    const words: [number, number, number, number] = [
      Number(first & 0xffffffffn),
      Number(first >> 32n),
      Number(second & 0xffffffffn),
      Number(second >> 32n),
    ];
    // SplitMix64 is a bijection per step, so two zero outputs in a row cannot happen; no fix-up needed.
    return new Xoshiro128StarStar(words);
  }

  /** The next unsigned 32-bit output (xoshiro128starstar.c `next`). */
  nextUint32(): number {
    const s = this.state;
    const result = Math.imul(rotateLeft(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotateLeft(s[3], 11);
    return result;
  }

  /** A float in [0, 1) with 53 random bits (two outputs, as `(a >>> 5, b >>> 6)` in the usual double construction). */
  nextFloat(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /**
   * An integer uniform in [0, bound), without modulo bias: draws are rejected above the largest
   * multiple of `bound` below 2^32. `bound` must be an integer in [1, 2^32].
   */
  nextBelow(bound: number): number {
    if (!Number.isInteger(bound) || bound < 1 || bound > TWO_TO_32) {
      throw new RangeError(`nextBelow: bound must be an integer in [1, 2^32], got ${bound}`);
    }
    const limit = TWO_TO_32 - (TWO_TO_32 % bound);
    for (;;) {
      const draw = this.nextUint32();
      if (draw < limit) return draw % bound;
    }
  }

  /** Shuffles `items` in place (Fisher–Yates, Durstenfeld's form) and returns it. */
  shuffle<T>(items: T[]): T[] {
    for (let index = items.length - 1; index > 0; index--) {
      const other = this.nextBelow(index + 1);
      const swap = items[index];
      items[index] = items[other];
      items[other] = swap;
    }
    return items;
  }
}

/** FNV-1a over the UTF-16 code units of `text`, 64 bits: turns a purpose name into seed material. */
export function fnv1a64(text: string): bigint {
  let hash = FNV_OFFSET;
  for (let index = 0; index < text.length; index++) {
    hash ^= BigInt(text.charCodeAt(index));
    hash = (hash * FNV_PRIME) & MASK_64;
  }
  return hash;
}

/**
 * A generator for one purpose of one run: the recipe's seed combined with a purpose name
 * (`general`, `agent`, `validation`...). Separate streams mean that changing, say, a task cap does
 * not reshuffle which general records were drawn.
 */
export function randomFor(seed: number, purpose: string): Xoshiro128StarStar {
  return Xoshiro128StarStar.fromSeed(BigInt(seed) ^ fnv1a64(purpose));
}
