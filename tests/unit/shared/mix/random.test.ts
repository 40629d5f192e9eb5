import { describe, expect, it } from 'vitest';
import { SplitMix64, Xoshiro128StarStar, fnv1a64, randomFor } from '../../../../shared/mix/random';

describe('SplitMix64', () => {
  it('gives the published outputs for seed 1234567 (Rosetta Code, "Pseudo-random numbers/Splitmix64")', () => {
    const stream = new SplitMix64(1234567n);
    expect([stream.next(), stream.next(), stream.next(), stream.next(), stream.next()]).toEqual([
      6457827717110365317n,
      3203168211198807973n,
      9817491932198370423n,
      4593380528125082431n,
      16408922859458223821n,
    ]);
  });

  it('gives splitmix64.c\'s first output for seed 0', () => {
    expect(new SplitMix64(0n).next()).toBe(0xe220a8397b1dcdafn);
  });
});

describe('Xoshiro128StarStar', () => {
  it('matches the reference implementation v1.1 from state [1, 2, 3, 4] (rand_xoshiro test vector)', () => {
    const generator = new Xoshiro128StarStar([1, 2, 3, 4]);
    const outputs = Array.from({ length: 10 }, () => generator.nextUint32());
    expect(outputs).toEqual([
      11520, 0, 5927040, 70819200, 2031721883, 1637235492, 1287239034, 3734860849, 3729100597, 4258142804,
    ]);
  });

  it('refuses the all-zero state, which it could never leave', () => {
    expect(() => new Xoshiro128StarStar([0, 0, 0, 0])).toThrow(/all zero/);
  });

  it('seeds from SplitMix64 outputs, low word first', () => {
    const mixer = new SplitMix64(7n);
    const first = mixer.next();
    const second = mixer.next();
    const expected = new Xoshiro128StarStar([
      Number(first & 0xffffffffn),
      Number(first >> 32n),
      Number(second & 0xffffffffn),
      Number(second >> 32n),
    ]);
    const seeded = Xoshiro128StarStar.fromSeed(7);
    for (let index = 0; index < 100; index++) expect(seeded.nextUint32()).toBe(expected.nextUint32());
  });

  it('gives the same stream for the same seed and a different one for another seed', () => {
    const a = Xoshiro128StarStar.fromSeed(42);
    const b = Xoshiro128StarStar.fromSeed(42);
    const c = Xoshiro128StarStar.fromSeed(43);
    const streamA = Array.from({ length: 50 }, () => a.nextUint32());
    expect(Array.from({ length: 50 }, () => b.nextUint32())).toEqual(streamA);
    expect(Array.from({ length: 50 }, () => c.nextUint32())).not.toEqual(streamA);
  });

  it('draws integers below a bound, covering every value without bias beyond chance', () => {
    const generator = Xoshiro128StarStar.fromSeed(1);
    const counts = new Array<number>(6).fill(0);
    const draws = 60_000;
    for (let index = 0; index < draws; index++) counts[generator.nextBelow(6)]++;
    // Each bucket expects 10,000; 5 standard deviations of a binomial(60000, 1/6) is about 456.
    for (const count of counts) expect(Math.abs(count - 10_000)).toBeLessThan(456);
    expect(generator.nextBelow(1)).toBe(0);
  });

  it('rejects bounds it cannot draw from', () => {
    const generator = Xoshiro128StarStar.fromSeed(1);
    expect(() => generator.nextBelow(0)).toThrow(RangeError);
    expect(() => generator.nextBelow(2.5)).toThrow(RangeError);
    expect(() => generator.nextBelow(2 ** 32 + 1)).toThrow(RangeError);
  });

  it('makes floats in [0, 1) with mean near 1/2', () => {
    const generator = Xoshiro128StarStar.fromSeed(5);
    let sum = 0;
    for (let index = 0; index < 20_000; index++) {
      const value = generator.nextFloat();
      expect(value).toBeGreaterThanOrEqual(0);
      expect(value).toBeLessThan(1);
      sum += value;
    }
    expect(Math.abs(sum / 20_000 - 0.5)).toBeLessThan(0.01);
  });

  it('shuffles into a permutation, the same one for the same seed', () => {
    const items = Array.from({ length: 100 }, (_, index) => index);
    const once = Xoshiro128StarStar.fromSeed(9).shuffle([...items]);
    const twice = Xoshiro128StarStar.fromSeed(9).shuffle([...items]);
    expect(once).toEqual(twice);
    expect([...once].sort((x, y) => x - y)).toEqual(items);
    expect(once).not.toEqual(items);
  });
});

describe('fnv1a64 and randomFor', () => {
  it('matches the FNV-1a 64 reference values', () => {
    expect(fnv1a64('')).toBe(0xcbf29ce484222325n);
    expect(fnv1a64('a')).toBe(0xaf63dc4c8601ec8cn);
    expect(fnv1a64('foobar')).toBe(0x85944171f73967e8n);
  });

  it('gives separate, reproducible streams per purpose', () => {
    const general = randomFor(42, 'general').nextUint32();
    expect(randomFor(42, 'general').nextUint32()).toBe(general);
    expect(randomFor(42, 'agent').nextUint32()).not.toBe(general);
  });
});
