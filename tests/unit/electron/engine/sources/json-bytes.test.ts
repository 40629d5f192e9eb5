import { describe, expect, it } from 'vitest';
import { parseJsonBytes } from '../../../../../electron/engine/sources/json-bytes';
import { seededRandom } from '../../../shared/formats/mutations';

/** Every record is parsed the bytes' way: long strings from 16 bytes on. */
const LOW = { from: 0, longString: 16 };

/** What JSON.parse says of a text: its value, or its error message. */
function plain(text: string): { value: unknown } | { error: string } {
  try {
    return { value: JSON.parse(text) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

function viaBytes(bytes: Buffer, consume: boolean, start = 0, end = bytes.length): { value: unknown } | { error: string } {
  try {
    return { value: parseJsonBytes(bytes, start, end, { ...LOW, consume }) };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** Parses `text` both ways (and in place), expecting the same value or the same error. */
function expectSame(text: string | Buffer): void {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const expected = plain(bytes.toString('utf8'));
  expect(viaBytes(Buffer.from(bytes), false)).toEqual(expected);
  const copy = Buffer.from(bytes);
  expect(viaBytes(copy, false)).toEqual(expected);
  expect(copy.equals(bytes)).toBe(true); // not consumed: the bytes are left as they were
  expect(viaBytes(Buffer.from(bytes), true)).toEqual(expected);
  // Inside a larger buffer, at an offset.
  const framed = Buffer.concat([Buffer.from('xx{"'), bytes, Buffer.from('"]yy')]);
  expect(viaBytes(framed, true, 4, 4 + bytes.length)).toEqual(expected);
}

const PIECES = ['a', 'word ', 'é', '😀', '中文', '\n', '\t', '"', '\\', '/', '\u0001', '\u001f', '\u2028', '\u0000', '\ud83d\ude00', 'x'.repeat(40)];

/** A JSON text of a random value whose strings are written with random escape spellings. */
function randomText(next: () => number, depth = 0): string {
  const kind = depth > 3 ? 0 : Math.floor(next() * 4);
  if (kind === 0) {
    let text = '';
    const length = Math.floor(next() * 30);
    for (let piece = 0; piece < length; piece++) {
      const chosen = PIECES[Math.floor(next() * PIECES.length)];
      const escaped = JSON.stringify(chosen).slice(1, -1);
      // Spell some characters as \u escapes (upper or lower hex), some as \/.
      if (next() < 0.3) text += [...chosen].map((character) => [...character].map((unit) => `\\u${unit.charCodeAt(0).toString(16).padStart(4, '0')}`).join('')).join('').replace(/[a-f]/g, (hex) => (next() < 0.5 ? hex.toUpperCase() : hex));
      else if (chosen === '/' && next() < 0.5) text += '\\/';
      else text += escaped;
    }
    return `"${text}"`;
  }
  if (kind === 1) return String(Math.floor(next() * 1e6) / 100);
  const count = Math.floor(next() * 5);
  const items: string[] = [];
  for (let item = 0; item < count; item++) items.push(kind === 2 ? randomText(next, depth + 1) : `${randomText(next, 9)} : ${randomText(next, depth + 1)}`);
  return kind === 2 ? `[ ${items.join(',')} ]` : `{${items.join(', ')}}`;
}

describe('parseJsonBytes', () => {
  it.each([
    ['{"id":"r","conversations":[{"from":"human","value":"a long enough turn text, é 😀"}]}'],
    ['{"value":"escapes \\" \\\\ \\/ \\b \\f \\n \\r \\t \\u00e9 \\u2028 \\ud83d\\ude00 \\u0000 \\u001F end"}'],
    ['{"a":"the first long value here","a":"the second long value here"}'],
    ['{"__proto__":"a long value under the proto key","b":1}'],
    ['{"2":"a long value under key two","1":"a long value under key one","x":[ "a long string in an array", 1e3, -0.5, true, null ]}'],
    ['"a top-level long string value"'],
    ['{"a long key that is long enough": "and a long value that is long enough"}'],
    ['{"value":"ends with an escaped backslash \\\\"}'],
    ['{"value":"an escaped quote \\" then more text after it"}'],
  ])('gives JSON.parse\'s value for %s', (text) => expectSame(text));

  it.each([
    ['{"value":"a lone high surrogate \\ud83d here, long enough"}'],
    ['{"value":"a lone low surrogate \\ude00 here, long enough"}'],
    ['{"value":"a high surrogate then a letter \\ud83d\\u0041 here"}'],
  ])('gives JSON.parse\'s value for lone surrogates: %s', (text) => expectSame(text));

  it.each([
    ['{"value":"a raw control \u0001 character in a long string"}'],
    ['{"value":"a raw tab \t in a long string, long enough"}'],
    ['{"value":"a bad escape \\x41 in a long string here"}'],
    ['{"value":"a short \\u12 escape in a long string here"}'],
    ['{"value":"an unterminated long string value here'],
    ['{"value":"a long string value, then garbage" garbage}'],
    ['{"value":"a long string value here, then" , }'],
    ['{"value": 01, "other":"a long string value, long enough"}'],
    ['{"value":"a long string value here, long enough"} trailing'],
  ])('gives JSON.parse\'s error for %s', (text) => expectSame(text));

  it('gives JSON.parse\'s value for bytes that are not UTF-8', () => {
    expectSame(Buffer.concat([Buffer.from('{"value":"long enough text with a bad byte '), Buffer.of(0xff, 0xe2, 0x28), Buffer.from(' \\n then more"}')]));
  });

  it('gives JSON.parse\'s value on random records with long strings', () => {
    const next = seededRandom(14);
    for (let round = 0; round < 2_000; round++) expectSame(randomText(next));
  });

  it('decodes long strings from the bytes themselves (in place when consuming)', () => {
    const text = '{"id":"r","value":"a long string with escapes \\n and \\u00e9 in it"}';
    const bytes = Buffer.from(text);
    expect(parseJsonBytes(bytes, 0, bytes.length, { ...LOW, consume: true })).toEqual(JSON.parse(text));
    expect(bytes.toString()).not.toBe(text);
    // A broken record is never written over: its error is JSON.parse's, its bytes as they were.
    const broken = Buffer.from(`${text.slice(0, -1)},}`);
    expect(() => parseJsonBytes(broken, 0, broken.length, { ...LOW, consume: true })).toThrow(SyntaxError);
    expect(broken.toString()).toBe(`${text.slice(0, -1)},}`);
  });

  it('cuts long strings to a prefix for a preview, whole characters and escapes only', () => {
    const next = seededRandom(3);
    for (let round = 0; round < 500; round++) {
      const value = { id: 'p', conversations: [{ from: 'gpt', value: Array.from({ length: 40 }, () => ['é', '😀', '\n', 'ab', '"', '\u00e9'][Math.floor(next() * 6)]).join('') }] };
      const bytes = Buffer.from(JSON.stringify(value));
      const preview = parseJsonBytes(bytes, 0, bytes.length, { ...LOW, preview: 1 + Math.floor(next() * 30) }) as typeof value;
      expect(preview.id).toBe('p');
      expect(preview.conversations[0].from).toBe('gpt');
      expect(value.conversations[0].value.startsWith(preview.conversations[0].value)).toBe(true);
      expect(preview.conversations[0].value).not.toMatch(/[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/);
    }
  });

  it('parses the plain way below its thresholds, the same value', () => {
    const text = `{"value":"${'word \\n '.repeat(3_000)}"}`;
    const bytes = Buffer.from(text);
    expect(parseJsonBytes(bytes, 0, bytes.length)).toEqual(JSON.parse(text));
    expect(parseJsonBytes(bytes, 0, bytes.length, { from: 0, consume: true })).toEqual(JSON.parse(text));
  });
});
