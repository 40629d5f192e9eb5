/**
 * The fast Gopher scanner (one walk over the text, hashed lines and paragraphs, skipped n-gram
 * passes) gives exactly the statistics of the first implementation (gopher-reference.ts), on every
 * assistant turn of the real data and on random texts built to repeat lines, paragraphs and n-grams.
 */
import { describe, expect, it } from 'vitest';
import { countWords, repetitionStatistics } from '../../../../shared/filters/gopher-repetition';
import { ngramCharacters } from '../../../../shared/filters/gopher-ngrams';
import { KEEP_LIMIT, scanWordIds, wordHash } from '../../../../shared/filters/gopher-words';
import { proseOf } from '../../../../shared/filters/repetition';
import { Xoshiro128StarStar } from '../../../../shared/mix/random';
import { equalCollapsed } from '../../../../shared/text/js-space';
import { itWithData } from '../../../helpers/with-data';
import { referenceStatistics, referenceWords } from './gopher-reference';
import { agentRecords, fireactRecords, generalRecords } from './real-data';

/** Random text over a small vocabulary with newlines, blank lines, tabs and odd spaces. */
function randomTexts(seed: number, count: number): string[] {
  const random = Xoshiro128StarStar.fromSeed(seed);
  const pieces = ['a', 'b', 'the', 'cat', 'sat', 'on', 'mat', 'ok', '😀', 'é', ' ', ' ', ' ', '  ', '\n', '\n\n', '\n\n\n', '\t', '\u00a0', '\u2003', '\r\n', 'line one', 'line two'];
  const texts: string[] = [];
  for (let index = 0; index < count; index++) {
    const length = random.nextBelow(200);
    let text = '';
    for (let piece = 0; piece < length; piece++) text += pieces[random.nextBelow(pieces.length)];
    // Some texts repeat a block, so long n-grams, lines and paragraphs repeat too.
    if (random.nextBelow(3) === 0) text = `${text}\n\n${text.slice(0, random.nextBelow(text.length + 1))}`;
    texts.push(text);
  }
  return texts;
}

/**
 * Prose-like text over a larger vocabulary: some 2-grams repeat, fewer 3- and 4-grams, so the passes
 * that read only the positions where the shorter n-gram repeats meet every case.
 */
function proseTexts(seed: number, count: number): string[] {
  const random = Xoshiro128StarStar.fromSeed(seed);
  const vocabulary = Array.from({ length: 60 }, (_, index) => `w${index.toString(36)}`);
  const texts: string[] = [];
  for (let index = 0; index < count; index++) {
    const words: string[] = [];
    const length = 20 + random.nextBelow(300);
    for (let word = 0; word < length; word++) {
      // Now and then a phrase already written comes back, as a sentence restating another does.
      if (words.length > 12 && random.nextBelow(25) === 0) {
        const from = random.nextBelow(words.length - 10);
        for (let at = from; at < from + 4 + random.nextBelow(8); at++) words.push(words[at]);
      } else words.push(vocabulary[random.nextBelow(vocabulary.length)]);
      if (random.nextBelow(40) === 0) words.push(random.nextBelow(2) === 0 ? '\n' : '\n\n');
    }
    texts.push(words.join(' '));
  }
  return texts;
}

function expectSame(text: string): void {
  const fast = repetitionStatistics(text);
  const reference = referenceStatistics(text);
  expect(fast, JSON.stringify(text.slice(0, 200))).toEqual(reference);
  expect(countWords(text)).toBe(referenceWords(text).length);
}

describe('the fast Gopher statistics', () => {
  it('equal the first implementation on 5,000 random texts', () => {
    for (const text of randomTexts(7, 5000)) expectSame(text);
  });

  it('equal it on 2,000 prose-like texts where some n-grams repeat', () => {
    for (const text of proseTexts(11, 2000)) expectSame(text);
  });

  it('equal it on edge cases', () => {
    for (const text of ['', ' ', '\n', '\n\n', 'a', 'a\n', '\na', ' a b ', 'a a a a a a a a a a a a', 'x\n\n\n\nx\n\nx', '\t\n \n\t', 'one two three four five six '.repeat(5)]) expectSame(text);
  });

  it('returns null below the word minimum, the statistics at or above it', () => {
    expect(repetitionStatistics('one two three', 4)).toBeNull();
    expect(repetitionStatistics('one two three four', 4)).toEqual(referenceStatistics('one two three four'));
  });

  itWithData('equal it on the prose of every assistant turn of the real data', () => {
    let turns = 0;
    for (const record of [...agentRecords(), ...generalRecords(), ...fireactRecords()]) {
      for (const turn of record.conversation.turns) {
        if (turn.role !== 'assistant') continue;
        expectSame(proseOf(turn.text, record.context.role));
        turns++;
      }
    }
    expect(turns).toBeGreaterThan(3000);
  });
});

describe('equalCollapsed', () => {
  const collapse = (text: string): string => text.trim().replace(/\s+/g, ' ');
  it('agrees with trim + replace(/\\s+/g, " ") on random pairs', () => {
    const texts = randomTexts(11, 400).map((text) => text.slice(0, 40));
    for (let index = 0; index + 1 < texts.length; index++) {
      const [first, second] = [texts[index], random(texts, index)];
      expect(equalCollapsed(first, true, second, true)).toBe(collapse(first) === collapse(second));
      expect(equalCollapsed(first, true, collapse(first), false)).toBe(true);
      expect(equalCollapsed(collapse(second), false, first, true)).toBe(collapse(second) === collapse(first));
    }
  });
});

/** A partner for text `index`: itself with other whitespace half of the time, else the next text. */
function random(texts: string[], index: number): string {
  return index % 2 === 0 ? ` ${texts[index].replace(/ /g, '\t ')}\n` : texts[index + 1];
}

describe('exact word ids', () => {
  /** Two different words of six letters whose table hashes are equal (a seeded birthday search). */
  function collidingWords(): [string, string] {
    const random = Xoshiro128StarStar.fromSeed(3);
    const byHash = new Map<number, string>();
    for (;;) {
      let word = '';
      for (let letter = 0; letter < 6; letter++) word += String.fromCharCode(97 + random.nextBelow(26));
      const hash = wordHash(word);
      const other = byHash.get(hash);
      if (other !== undefined && other !== word) return [other, word];
      byHash.set(hash, word);
    }
  }

  it('give words whose hashes collide their own ids, so the statistics stay the plain ones', () => {
    const [first, second] = collidingWords();
    expect(wordHash(first)).toBe(wordHash(second));
    const text = `${first} ${second} ${first} x ${second} ${first} y ${first} ${second} ${first} z`;
    const words = scanWordIds(text);
    expect(Array.from(words.ids.subarray(0, 4))).toEqual([0, 1, 0, 2]);
    expect(words.distinct).toBe(5);
    expectSame(text);
    // Made of the two words alone, every n-gram statistic hinges on telling them apart.
    const random = Xoshiro128StarStar.fromSeed(5);
    for (let round = 0; round < 50; round++) expectSame(Array.from({ length: 60 + random.nextBelow(60) }, () => (random.nextBelow(2) === 0 ? first : second)).join(' '));
  });

  it('stay exact past the sizes kept between texts, and the next small text is measured the same', () => {
    const random = Xoshiro128StarStar.fromSeed(9);
    const vocabulary = Array.from({ length: 50 }, (_, index) => `v${index}`);
    const words = Array.from({ length: KEEP_LIMIT + 5000 }, () => vocabulary[random.nextBelow(vocabulary.length)]);
    // A long unique tail of distinct words too, past the kept number of distinct words.
    for (let index = 0; index < KEEP_LIMIT + 10; index++) words.push(`u${index}`);
    expectSame(words.join(' '));
    expectSame('one two three four five one two three four five six');
  });
});

describe('the prefilter of huge passes', () => {
  it('changes no n-gram figure: prefiltering every pass gives what the plain passes give', () => {
    const plain = new Float64Array(11);
    const filtered = new Float64Array(11);
    for (const text of [...randomTexts(13, 1500), ...proseTexts(17, 800), 'a b a b a b c', 'one two three four five '.repeat(30)]) {
      ngramCharacters(scanWordIds(text), plain);
      ngramCharacters(scanWordIds(text), filtered, 0);
      expect(Array.from(filtered), JSON.stringify(text.slice(0, 200))).toEqual(Array.from(plain));
    }
  });
});
