import { describe, expect, it } from 'vitest';
import { buildNgramIndex, findSlot, type EvalItem } from '../../../../shared/leakage/ngram-index';
import { tokenizeWords } from '../../../../shared/text/words';
import { fillPrefixHashes, ngramHigh, ngramLow } from '../../../../shared/text/word-ngrams';
import { createRandom } from '../dedup/planted';
import { agentBenchItems } from './eval-items';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

const options = { ngram: 13, maxItemsPerNgram: 10, minItemWords: 5 };

/** The 64-bit keys of every n-gram of a text. */
function keysOf(text: string, n: number): [number, number][] {
  const words = tokenizeWords(text);
  const low = new Uint32Array(words.hashes.length + 1);
  const high = new Uint32Array(words.hashes.length + 1);
  fillPrefixHashes(words.hashes, 0, words.hashes.length, low, high);
  const keys: [number, number][] = [];
  for (let start = 0; start + n <= words.hashes.length; start++) keys.push([ngramLow(low, start, n), ngramHigh(high, start, n)]);
  return keys;
}

describe('the evaluation n-gram table', () => {
  const items = realData(() => agentBenchItems());
  const index = realData(() => buildNgramIndex(items, options));

  itWithData('finds every n-gram of every item, with the item among its postings (property)', () => {
    for (let item = 0; item < items.length; item += 3) {
      for (const [low, high] of keysOf(items[item].text, 13)) {
        const slot = findSlot(index, low, high);
        expect(index.slotItems[slot]).toBeGreaterThan(0);
        if (index.slotItems[slot] > options.maxItemsPerNgram) continue;
        const postings = Array.from(index.postingItems.subarray(index.slotPostings[slot], index.slotPostings[slot] + index.slotItems[slot]));
        expect(postings).toContain(item);
      }
    }
  });

  itWithData('does not find random keys (open addressing terminates on empty slots)', () => {
    const random = createRandom(1);
    for (let trial = 0; trial < 20000; trial++) {
      const slot = findSlot(index, Math.floor(random() * 2 ** 32), Math.floor(random() * 2 ** 32));
      expect(index.slotItems[slot]).toBe(0);
    }
  });

  itWithData('lives in SharedArrayBuffers, so workers share it', () => {
    expect(index.keysLow.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(index.postingItems.buffer).toBeInstanceOf(SharedArrayBuffer);
    expect(index.capacity).toBeGreaterThanOrEqual(index.keyCount * 2);
  });

  it('ignores n-grams found in more than maxItemsPerNgram items', () => {
    const sentence = 'please tell me how many files in the home directory are larger than one megabyte';
    const repeated: EvalItem[] = Array.from({ length: 12 }, (_, item) => ({ set: 'x', index: item, text: `${sentence} case ${item}` }));
    const small = buildNgramIndex(repeated, options);
    const [low, high] = keysOf(sentence, 13)[0];
    const slot = findSlot(small, low, high);
    expect(small.slotItems[slot]).toBe(12);
    expect(small.ignoredKeys).toBeGreaterThan(0);
    const eleven = buildNgramIndex(repeated.slice(0, 10), options);
    expect(eleven.ignoredKeys).toBe(0);
  });

  it('stores items shorter than n whole, and skips those under minItemWords', () => {
    const small = buildNgramIndex(
      [
        { set: 'kg', index: 0, text: 'what is the attitude of the first dog?' },
        { set: 'kg', index: 1, text: 'who won?' },
      ],
      options,
    );
    expect(small.keyCount).toBe(1);
    expect(small.skippedItems).toBe(1);
    expect(Array.from(small.prefixMasks).some((mask) => mask === 1 << 8)).toBe(true);
  });

  itWithData('rejects an n-gram size it cannot key', () => {
    expect(() => buildNgramIndex(items.slice(0, 3), { ...options, ngram: 65 })).toThrow(RangeError);
    expect(() => buildNgramIndex(items.slice(0, 3), { ...options, ngram: 32 })).toThrow(RangeError);
    expect(() => buildNgramIndex(items.slice(0, 3), { ...options, minItemWords: 1 })).toThrow(RangeError);
    expect(() => buildNgramIndex(items.slice(0, 3), { ...options, minItemWords: 14 })).toThrow(RangeError);
  });
});
