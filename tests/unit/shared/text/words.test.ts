import { describe, expect, it } from 'vitest';
import { appendWords, createWordBuffer, hashWord, tokenizeWords } from '../../../../shared/text/words';
import { normalizeForKey } from '../../../../shared/text/normalize';
import { fillPrefixHashes, ngramHigh, ngramLow, sequenceKey, writeShingles } from '../../../../shared/text/word-ngrams';
import { agentSamples } from '../dedup/real-data';
import { createRandom } from '../dedup/planted';
import { itWithData } from '../../../helpers/with-data';

/** The words of a text as strings, through the offsets the tokenizer reports. */
function wordStrings(text: string): string[] {
  const words = tokenizeWords(text);
  return Array.from(words.starts, (start, index) => text.slice(start, words.ends[index]));
}

describe('tokenizeWords', () => {
  it('splits on whitespace and punctuation and reports character offsets', () => {
    expect(wordStrings('Think: ls -la /usr/bin && echo "ok"')).toEqual(['Think', 'ls', 'la', 'usr', 'bin', 'echo', 'ok']);
    expect(wordStrings("INSERT INTO Books (title) VALUES ('The Great Gatsby');")).toEqual(['INSERT', 'INTO', 'Books', 'title', 'VALUES', 'The', 'Great', 'Gatsby']);
    expect(wordStrings('snake_case stays 1 word, 3.14 is two')).toEqual(['snake_case', 'stays', '1', 'word', '3', '14', 'is', 'two']);
  });

  it('keeps offsets in UTF-16 units for non-ASCII text and makes each ideograph a word', () => {
    const text = 'Café «déjà vu» 数据库 😀 naïve';
    expect(wordStrings(text)).toEqual(['Café', 'déjà', 'vu', '数', '据', '库', 'naïve']);
  });

  it('hashes words case-folded, the same way hashWord does', () => {
    const words = tokenizeWords('Hello HELLO hello');
    expect(words.hashes[0]).toBe(words.hashes[1]);
    expect(words.hashes[1]).toBe(words.hashes[2]);
    expect(words.hashes[0]).toBe(hashWord('hello'));
    expect(hashWord('hello')).not.toBe(hashWord('hellp'));
  });

  it('gives one key to texts whose normalized forms are equal, and different keys otherwise', () => {
    const key = (text: string): string => {
      const words = tokenizeWords(text);
      return `${words.keyLow}:${words.keyHigh}`;
    };
    expect(key('  Hello,\n\tWorld!  ')).toBe(key('hello, world!'));
    expect(key('hello,world!')).not.toBe(key('hello, world!'));
    expect(key('ab')).not.toBe(key('a b'));
    expect(key('Ok.')).toBe(key('ok.'));
    expect(key('Ok.')).not.toBe(key('Ok'));
    // Property: over random texts built from a tiny alphabet, keys agree exactly when normalizeForKey does.
    const random = createRandom(7);
    const alphabet = ['a', 'B', ' ', '  ', '\n', '.', ',', 'é', 'É', '数'];
    const byKey = new Map<string, string>();
    for (let trial = 0; trial < 3000; trial++) {
      let text = '';
      const length = Math.floor(random() * 6);
      for (let index = 0; index < length; index++) text += alphabet[Math.floor(random() * alphabet.length)];
      const normalized = normalizeForKey(text);
      const seen = byKey.get(key(text));
      if (seen === undefined) byKey.set(key(text), normalized);
      else expect(seen).toBe(normalized);
    }
    expect(new Set(byKey.values()).size).toBe(byKey.size);
  });

  it('appends turn after turn: the buffer holds the concatenated words, the key is the last text', () => {
    const buffer = createWordBuffer(16);
    appendWords(buffer, 'first turn here');
    const firstCount = buffer.count;
    appendWords(buffer, 'Second  TURN');
    expect(buffer.count).toBe(firstCount + 2);
    expect(buffer.hashes[firstCount]).toBe(hashWord('second'));
    const alone = tokenizeWords('second turn');
    expect([buffer.keyLow, buffer.keyHigh]).toEqual([alone.keyLow, alone.keyHigh]);
  });

  itWithData('grows its buffer for long real texts', () => {
    const buffer = createWordBuffer(16);
    for (const record of agentSamples('kg')) for (const turn of record.turns) appendWords(buffer, turn.text);
    expect(buffer.count).toBeGreaterThan(5000);
    expect(buffer.hashes.length).toBeGreaterThanOrEqual(buffer.count);
  });
});

describe('word n-gram keys', () => {
  const words = tokenizeWords('the quick brown fox jumps over the lazy dog and the quick brown fox sleeps');

  it('writes one shingle per window, equal for equal windows', () => {
    const out = new Uint32Array(32);
    const count = writeShingles(words.hashes, 0, words.hashes.length, 3, out, 0);
    expect(count).toBe(words.hashes.length - 2);
    // "the quick brown" opens the text and appears again at word 10.
    expect(out[0]).toBe(out[10]);
    expect(out[0]).not.toBe(out[1]);
  });

  it('gives short sequences a single shingle that no full window has', () => {
    const out = new Uint32Array(4);
    expect(writeShingles(words.hashes, 0, 2, 5, out, 0)).toBe(1);
    expect(writeShingles(words.hashes, 0, 0, 5, out, 1)).toBe(0);
    const full = new Uint32Array(32);
    writeShingles(words.hashes, 0, words.hashes.length, 2, full, 0);
    expect(Array.from(full)).not.toContain(out[0]);
  });

  it('computes the same 64-bit key from prefixes as from the sequence itself (any start, any length)', () => {
    const low = new Uint32Array(words.hashes.length + 1);
    const high = new Uint32Array(words.hashes.length + 1);
    fillPrefixHashes(words.hashes, 0, words.hashes.length, low, high);
    const direct = new Uint32Array(2);
    for (let start = 0; start < words.hashes.length; start++) {
      for (let length = 1; start + length <= words.hashes.length; length++) {
        sequenceKey(words.hashes, start, start + length, direct);
        expect([ngramLow(low, start, length), ngramHigh(high, start, length)]).toEqual([direct[0], direct[1]]);
      }
    }
  });
});
