import { describe, expect, it } from 'vitest';
import { detectContainer } from '../../../../../electron/engine/sources/detect-container';
import { sniffBytes } from '../../../../../electron/engine/sources/sniff-bytes';
import { decoderFor, INVALID_MARK } from '../../../../../electron/engine/sources/text-decoders';
import { utf16, utf32 } from '../../../../hostile/records';

const text = '{"id":"x","value":"café 数据 🙂 naïve"}\n{"id":"y"}\n';

/** Decodes `bytes` pushed in chunks of `size` bytes. */
function decode(encoding: Parameters<typeof decoderFor>[0], bytes: Uint8Array, size: number): Buffer {
  const decoder = decoderFor(encoding);
  if (decoder === null) throw new Error('no decoder');
  const parts: Buffer[] = [];
  for (let at = 0; at < bytes.length; at += size) parts.push(decoder.push(Buffer.from(bytes.subarray(at, at + size))));
  parts.push(decoder.end());
  return Buffer.concat(parts);
}

describe('sniffBytes', () => {
  it('names gzip, byte order marks, BOM-less UTF-16/32 by their zero bytes, and formats we do not read', () => {
    expect(sniffBytes(Uint8Array.of(0x1f, 0x8b, 8, 0))).toEqual({ kind: 'gzip' });
    expect(sniffBytes(utf32('{}', 'le', true))).toEqual({ kind: 'text', encoding: 'utf-32le', bom: 4 });
    expect(sniffBytes(utf16('{}', 'le', true))).toEqual({ kind: 'text', encoding: 'utf-16le', bom: 2 });
    expect(sniffBytes(utf16('{}', 'be', true))).toEqual({ kind: 'text', encoding: 'utf-16be', bom: 2 });
    expect(sniffBytes(utf16('[1]', 'le', false))).toEqual({ kind: 'text', encoding: 'utf-16le', bom: 0 });
    expect(sniffBytes(utf16('[1]', 'be', false))).toEqual({ kind: 'text', encoding: 'utf-16be', bom: 0 });
    expect(sniffBytes(utf32('[1]', 'le', false))).toEqual({ kind: 'text', encoding: 'utf-32le', bom: 0 });
    expect(sniffBytes(utf32('[1]', 'be', false))).toEqual({ kind: 'text', encoding: 'utf-32be', bom: 0 });
    expect(sniffBytes(new TextEncoder().encode('{"a":1}'))).toEqual({ kind: 'text', encoding: 'utf-8', bom: 0 });
    expect(sniffBytes(new Uint8Array(8))).toEqual({ kind: 'text', encoding: 'utf-8', bom: 0 }); // NULs: not text of any encoding, left to the reader
    expect(sniffBytes(Uint8Array.of(0x50, 0x4b, 3, 4, 0))).toMatchObject({ kind: 'foreign', what: 'a ZIP archive' });
    expect(sniffBytes(Uint8Array.of(0x28, 0xb5, 0x2f, 0xfd))).toMatchObject({ kind: 'foreign', what: 'zstd-compressed data' });
  });
});

describe('the UTF-16 and UTF-32 decoders', () => {
  it('give the same UTF-8 however the input is cut (surrogate pairs and code units split across chunks)', () => {
    const expected = Buffer.from(text, 'utf8');
    for (const size of [1, 2, 3, 5, 7, 4096]) {
      expect(decode('utf-16le', utf16(text, 'le', false), size)).toEqual(expected);
      expect(decode('utf-16be', utf16(text, 'be', false), size)).toEqual(expected);
      expect(decode('utf-32le', utf32(text, 'le', false), size)).toEqual(expected);
      expect(decode('utf-32be', utf32(text, 'be', false), size)).toEqual(expected);
    }
  });

  it('mark what is not a character with 0xFF (never valid UTF-8) instead of replacing it silently', () => {
    const lone = decode('utf-16le', utf16('a\ud800b', 'le', false), 3);
    expect([...lone]).toEqual([0x61, INVALID_MARK, 0x62]);
    const trailingHigh = decode('utf-16le', utf16('a\ud83d', 'le', false), 2);
    expect([...trailingHigh]).toEqual([0x61, INVALID_MARK]);
    const odd = decode('utf-16le', Uint8Array.of(0x61, 0, 0x62), 1);
    expect([...odd]).toEqual([0x61, INVALID_MARK]);
    const tooHigh = decode('utf-32le', Uint8Array.of(0x61, 0, 0, 0, 0, 0, 0x11, 0, 0x62, 0, 0, 0), 5);
    expect([...tooHigh]).toEqual([0x61, INVALID_MARK, 0x62]);
  });
});

describe('detectContainer', () => {
  const bytes = (value: string) => new TextEncoder().encode(value);
  const record = '{"id":"a","conversations":[{"from":"human","value":"hi"}]}';
  const detect = (value: string) => detectContainer(bytes(value), bytes(value).subarray(-4)).container;

  it('takes a file for JSON Lines when most lines after a cut or garbage first line are whole objects', () => {
    expect(detect(`{"id":"a","conversations":[\n${record}\n${record}\n`)).toBe('jsonl');
    expect(detect(`this is not json\n${record}\n${record}\n`)).toBe('jsonl');
    expect(detect(`PAR1${record}\n${record}\n`)).toBe('jsonl');
  });

  it('keeps pretty-printed objects, arrays and Parquet as they are', () => {
    expect(detect(`${JSON.stringify(JSON.parse(record), null, 2)}\n${JSON.stringify(JSON.parse(record), null, 2)}\n`)).toBe('object');
    // A pretty array whose elements are compact lines ends them with commas: not JSON Lines.
    expect(detect(`[\n${record},\n${record}\n]\n`)).toBe('array');
    expect(detect(`[${record}]\n[${record}]\n`)).toBe('array');
    expect(detect('PAR1 garbage PAR1')).toBe('parquet');
    expect(detect('PAR1 text only')).toBe('parquet'); // the Parquet reader says why it is not one
    expect(detect('hello\nworld\n')).toBe('not-json');
  });

  it('tells CR-only line ends', () => {
    expect(detectContainer(bytes(`${record}\r${record}\r`), new Uint8Array(0))).toMatchObject({ container: 'jsonl', lineEnd: 'cr' });
    expect(detectContainer(bytes(`${record}\r\n${record}\r\n`), new Uint8Array(0))).toMatchObject({ container: 'jsonl', lineEnd: 'lf' });
  });

  it('judges a first line longer than the head by the lines after it', () => {
    const head = bytes('x'.repeat(100));
    expect(detectContainer(head, new Uint8Array(0)).container).toBe('not-json');
    expect(detectContainer(head, new Uint8Array(0), bytes(`${record}\n${record}\n`)).container).toBe('jsonl');
  });
});
