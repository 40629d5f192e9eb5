import { describe, expect, it } from 'vitest';
import {
  clearTokenCache,
  countTokens,
  countTokensMany,
  countTokensReference,
  tokenCacheSize,
} from '../../../../shared/text/llama-tokens';
import { mergeSlot, vocabularyTables } from '../../../../shared/text/llama-vocabulary';
import { encodeTokens } from '../../../../shared/text/llama-token-ids';
import llamaTokenizer from 'llama-tokenizer-js';
import { Xoshiro128StarStar } from '../../../../shared/mix/random';
import { agentRecords, fireactRecords, firstTurnOnlyRecords, generalRecords } from '../filters/real-data';
import { itWithData } from '../../../helpers/with-data';

describe('countTokens', () => {
  it('gives the counts of the llama-tokenizer-js test vectors (their ids minus the BOS token)', () => {
    // From llama-tokenizer-js's own defaultTests: encode(text) with BOS and the dummy prefix.
    const vectors: [string, number][] = [
      ['grabbed', 3],
      [' grabbed', 4],
      ['           grabbed', 4],
      ['\n', 2],
      [' \n', 2],
      ['\ttabs\t\t\t\tout here', 9],
      ['ax\n####\nboo', 6],
      ['镇', 2],
      ['🦙', 5],
      ['🦙Ꙋ', 8],
      ['Ꙋ🦙', 8],
    ];
    for (const [text, tokens] of vectors) expect(countTokens(text), JSON.stringify(text)).toBe(tokens);
  });

  it('counts 0 tokens in empty text', () => {
    expect(countTokens('')).toBe(0);
    expect(countTokensReference('')).toBe(0);
  });

  itWithData('equals llama-tokenizer-js on every turn of every real record in ../shared/data', () => {
    const records = [...agentRecords(), ...generalRecords(), ...fireactRecords(), ...firstTurnOnlyRecords()];
    const texts = [...new Set(records.flatMap((record) => record.conversation.turns.map((turn) => turn.text)))];
    expect(texts.length).toBeGreaterThan(5000);
    clearTokenCache();
    const mismatches = texts.filter((text) => countTokens(text) !== countTokensReference(text));
    expect(mismatches.map((text) => text.slice(0, 80))).toEqual([]);
  });

  it('equals llama-tokenizer-js on random text mixing spaces, newlines, tabs, CJK, emoji and lone surrogates', () => {
    const generator = Xoshiro128StarStar.fromSeed(42);
    const next = (): number => generator.nextFloat();
    const alphabet = [
      ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789',
      ...'     ', '\n', '\n\n', '\t', '\r', '\r\n', '  ', '.', ',', ';', '{', '}', '(', ')', '#', '`', '"', "'", '_', '-', '▁',
      'the', ' the', 'ing', 'tion', ' of', '中', '文', '镇', '字', 'é', 'ß', 'Ж', 'Ꙋ', '🦙', '😀', '\ud800', '\udc00', '\u0000',
    ];
    clearTokenCache();
    for (let sample = 0; sample < 3000; sample++) {
      const length = Math.floor(next() * 40);
      let text = '';
      for (let index = 0; index < length; index++) text += alphabet[Math.floor(next() * alphabet.length)];
      expect(countTokens(text), JSON.stringify(text)).toBe(countTokensReference(text));
    }
  });

  it('equals llama-tokenizer-js on pieces longer than the short-piece limit', () => {
    const blobs = ['x'.repeat(300), 'ab'.repeat(400), 'abc123'.repeat(100) + ' tail', '中文'.repeat(200), '='.repeat(1000) + '\n' + '-'.repeat(700)];
    for (const text of blobs) expect(countTokens(text)).toBe(countTokensReference(text));
  });

  it('gives the same count from a cold and a warm cache', () => {
    const text = 'Think: I need to count the files.\n\nAct: bash\n\n```bash\nls -1 /etc | wc -l\n```';
    clearTokenCache();
    expect(tokenCacheSize()).toBe(0);
    const cold = countTokens(text);
    expect(tokenCacheSize()).toBeGreaterThan(0);
    expect(countTokens(text)).toBe(cold);
    expect(cold).toBe(countTokensReference(text));
  });

  it('keeps counting right after the cache fills and starts afresh', () => {
    const text = 'Thought: I should click on the Buy Now button.\n\nAction:\nclick[Buy Now]';
    const expected = countTokensReference(text);
    clearTokenCache();
    expect(countTokens(text)).toBe(expected);
    // 600,000 distinct words overflow the 524,288-entry cache.
    const words = Array.from({ length: 600_000 }, (_, index) => `w${index.toString(36)}`).join(' ');
    expect(countTokens(words)).toBeGreaterThan(600_000);
    expect(tokenCacheSize()).toBeLessThan(600_000);
    expect(countTokens(text)).toBe(expected);
    expect(countTokens(text)).toBe(expected);
  });

  it('keeps every count while the cache grows (each piece looked up again after the table doubled)', () => {
    clearTokenCache();
    // Short pieces (held in their slot) and long ones (held in the pool), 12,000 distinct: the
    // table doubles several times on the way.
    const texts = Array.from({ length: 12_000 }, (_, index) => (index % 3 === 0 ? `x${index.toString(36)} and someverylongword${index}` : `q${index.toString(36)}z`));
    const expected = texts.map(countTokensReference);
    expect(texts.map(countTokens)).toEqual(expected);
    expect(tokenCacheSize()).toBeGreaterThan(12_000);
    expect(texts.map(countTokens)).toEqual(expected);
  });

  it('equals llama-tokenizer-js where pieces start and end: leading, trailing and only spaces or barriers', () => {
    const edges = [' ', '   ', '\t', '\n\n', '\t\n', 'a\n', '\na', ' \ta', 'a ', 'a  ', 'a \n b', '\n  x  \n', '▁', '▁a', 'a▁▁b', '\r\n', ' \r '];
    clearTokenCache();
    for (const text of edges) expect(countTokens(text), JSON.stringify(text)).toBe(countTokensReference(text));
    for (const text of edges) expect(countTokens(text), JSON.stringify(text)).toBe(countTokensReference(text));
  });

  it('tells apart pieces at the edges of the packed key: 11 to 14 units, Latin-1 past ASCII, NUL, a unit past U+00FF, the prefix space', () => {
    // The packed table keys a piece by its last 12 code units, 8 bits each, and its length: these
    // pieces share a key's bits with each other (a leading NUL, a unit that differs above 8 bits)
    // or fall just either side of its 12 units, so a wrong key would give one piece another's count.
    const generator = Xoshiro128StarStar.fromSeed(11);
    const alphabet = ['a', 'b', 'e', 'é', 'ÿ', 'ß', '\u0000', '\u00a0', 'ā', 'ġ', 'Ā', 'ſ', '0', '.', 'ing'];
    const pieces = new Set<string>(['abcdefghijk', 'abcdefghijkl', 'abcdefghijklm', 'abcdefghijklmn', '\u0000abcdefghijk', '\u0000\u0000ab', 'ab', 'ġb', 'Ġb', 'ab\u0000', 'ÿÿÿÿÿÿÿÿÿÿÿÿ', 'zbcdefghijklm', 'zabcdefghijkl', '\u0001b', 'āb', 'a\u0002', 'ab\u0100', 'oe', '\u0000\u6f65']);
    while (pieces.size < 1500) {
      const length = 1 + generator.nextBelow(14);
      let piece = '';
      for (let index = 0; index < length; index++) piece += alphabet[generator.nextBelow(alphabet.length)];
      pieces.add(piece);
    }
    // Each piece first (with the prefix space), inside a text (after a space) and after a newline.
    const texts = [...pieces].flatMap((piece) => [piece, `x ${piece}`, `x\n${piece} y`, ` ${piece}`]);
    clearTokenCache();
    const cold = texts.map(countTokens);
    expect(cold).toEqual(texts.map(countTokensReference));
    expect(texts.map(countTokens)).toEqual(cold);
  });

  it('finds every merge of the vocabulary in its merge table, with its result and order, and no pair that does not merge', () => {
    const { merges } = vocabularyTables();
    const ids = llamaTokenizer.vocabByString;
    let previous = -1;
    let held = 0;
    const wrong: string[] = [];
    for (const [pair, rank] of llamaTokenizer.merges) {
      const [left, right] = pair.split(' ');
      const leftId = ids.get(left);
      const rightId = ids.get(right);
      const mergedId = ids.get(left + right);
      if (leftId === undefined || rightId === undefined || mergedId === undefined) continue;
      const slot = mergeSlot(merges, leftId, rightId);
      // llama-tokenizer-js lists the merges in rank order.
      if (slot < 0 || merges.merged[slot] !== mergedId || merges.ranks[slot] !== rank || rank <= previous) wrong.push(pair);
      previous = rank;
      held++;
    }
    expect(wrong).toEqual([]);
    expect(held).toBeGreaterThan(60_000);
    expect(merges.keys.filter((key) => key !== 0).length).toBe(held);
    const generator = Xoshiro128StarStar.fromSeed(3);
    const misread: string[] = [];
    for (let sample = 0; sample < 20_000; sample++) {
      const left = generator.nextBelow(32_000);
      const right = generator.nextBelow(32_000);
      const merged = llamaTokenizer.merges.has(`${llamaTokenizer.vocabById[left]} ${llamaTokenizer.vocabById[right]}`);
      if (mergeSlot(merges, left, right) >= 0 !== merged) misread.push(`${left} ${right}`);
    }
    expect(misread).toEqual([]);
  });

  it('counts a batch like one text at a time', () => {
    const texts = ['hello world', '', 'Act: answer(220)', '🦙 llama'];
    expect(countTokensMany(texts)).toEqual(texts.map(countTokens));
  });
});

describe('encodeTokens', () => {
  const reference = (text: string) => llamaTokenizer.encode(text, false, true);

  itWithData('gives llama-tokenizer-js\'s ids on a tenth of the distinct turn texts of the real records in ../shared/data', () => {
    // A sample: the counts above cover every text, and the reference encoder is slow.
    const records = [...agentRecords(), ...generalRecords(), ...fireactRecords()];
    const texts = [...new Set(records.flatMap((record) => record.conversation.turns.map((turn) => turn.text)))].filter((_, index) => index % 10 === 0);
    const mismatches = texts.filter((text) => {
      const ids = encodeTokens(text);
      const expected = reference(text);
      return ids.length !== expected.length || ids.some((id, index) => id !== expected[index]);
    });
    expect(mismatches.map((text) => text.slice(0, 80))).toEqual([]);
  });

  it('gives llama-tokenizer-js\'s ids on random text with spaces, byte tokens, lone surrogates and long pieces', () => {
    const generator = Xoshiro128StarStar.fromSeed(7);
    const alphabet = [...'abcXYZ019', ' ', '  ', '\n', '\t', '\r', '.', '{', '▁', 'the', ' of', '中', '镇', 'é', 'Ж', '🦙', '😀', '\ud800', '\udc00', '\u0000'];
    const texts = ['', 'x'.repeat(300), 'ab'.repeat(400) + ' tail 🦙'];
    for (let sample = 0; sample < 2000; sample++) {
      let text = '';
      const length = Math.floor(generator.nextFloat() * 40);
      for (let index = 0; index < length; index++) text += alphabet[Math.floor(generator.nextFloat() * alphabet.length)];
      texts.push(text);
    }
    for (const text of texts) {
      expect(encodeTokens(text), JSON.stringify(text)).toEqual(reference(text));
      expect(encodeTokens(text).length).toBe(countTokens(text));
    }
  });
});
