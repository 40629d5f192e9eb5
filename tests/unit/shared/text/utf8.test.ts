import { describe, expect, it } from 'vitest';
import { findInvalidUtf8 } from '../../../../shared/text/utf8';

describe('findInvalidUtf8', () => {
  it.each([
    ['ascii', [0x41, 0x42], -1],
    ['two, three and four byte forms', [...new TextEncoder().encode('é€😀')], -1],
    ['a lone continuation byte', [0x41, 0x80], 1],
    ['a Latin-1 é', [0x63, 0x61, 0x66, 0xe9, 0x0a], 3],
    ['an overlong two-byte form', [0xc0, 0xaf], 0],
    ['an overlong three-byte form', [0xe0, 0x80, 0xaf], 0],
    ['a surrogate', [0xed, 0xa0, 0x80], 0],
    ['above U+10FFFF', [0xf4, 0x90, 0x80, 0x80], 0],
    ['a sequence cut at the end', [0x41, 0xe2, 0x82], 1],
  ])('%s', (_name, bytes, expected) => {
    expect(findInvalidUtf8(Uint8Array.from(bytes))).toBe(expected);
  });

  it('agrees with a fatal TextDecoder on random bytes', () => {
    let seed = 7;
    for (let trial = 0; trial < 2000; trial++) {
      const bytes = Uint8Array.from({ length: 6 }, () => {
        seed = (seed * 1103515245 + 12345) >>> 0;
        return (seed >>> 16) & 0xff;
      });
      let valid = true;
      try {
        new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        valid = false;
      }
      expect(findInvalidUtf8(bytes) === -1).toBe(valid);
    }
  });
});
