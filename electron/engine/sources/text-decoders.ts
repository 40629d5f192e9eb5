/**
 * Streaming decoders from UTF-16 and UTF-32 (either byte order) to UTF-8, chunk by chunk with the
 * bytes of a character cut by a chunk end carried over. What is not a character (a lone surrogate,
 * a code point above U+10FFFF, an odd byte at the end) becomes the byte 0xFF, which is never valid
 * UTF-8: the record holding it fails the workers' UTF-8 check and is reported with its line, and
 * no character is silently replaced.
 */
import type { TextEncoding } from './sniff-bytes';

/** The byte written for what is not a character. */
export const INVALID_MARK = 0xff;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** UTF-8 of a string, lone surrogates written as {@link INVALID_MARK}. */
function utf8Marked(text: string): Buffer {
  LONE_SURROGATE.lastIndex = 0;
  if (!LONE_SURROGATE.test(text)) return Buffer.from(text, 'utf8');
  const parts: Buffer[] = [];
  let from = 0;
  LONE_SURROGATE.lastIndex = 0;
  for (const match of text.matchAll(LONE_SURROGATE)) {
    parts.push(Buffer.from(text.slice(from, match.index), 'utf8'), Buffer.of(INVALID_MARK));
    from = (match.index as number) + 1;
  }
  parts.push(Buffer.from(text.slice(from), 'utf8'));
  return Buffer.concat(parts);
}

/** A decoder: `push` each chunk, then `end`; both give UTF-8 bytes. */
export interface TextDecoderStream {
  push(chunk: Buffer): Buffer;
  end(): Buffer;
}

/** The bytes of a character cut by the last chunk's end, carried into the next. */
abstract class CarryingDecoder implements TextDecoderStream {
  protected carry: Buffer = Buffer.alloc(0);

  constructor(protected readonly bigEndian: boolean) {}

  abstract push(chunk: Buffer): Buffer;
  abstract end(): Buffer;

  /** The carried bytes followed by `chunk`. */
  protected withCarry(chunk: Buffer): Buffer {
    return this.carry.length > 0 ? Buffer.concat([this.carry, chunk]) : chunk;
  }
}

class Utf16Decoder extends CarryingDecoder {
  push(chunk: Buffer): Buffer {
    const bytes = this.withCarry(chunk);
    let even = bytes.length & ~1;
    // Keep a high surrogate at the end for its partner in the next chunk.
    if (even >= 2) {
      const last = this.bigEndian ? (bytes[even - 2] << 8) | bytes[even - 1] : (bytes[even - 1] << 8) | bytes[even - 2];
      if (last >= 0xd800 && last <= 0xdbff) even -= 2;
    }
    this.carry = Buffer.from(bytes.subarray(even));
    const units = Buffer.from(bytes.subarray(0, even));
    if (this.bigEndian) units.swap16();
    return utf8Marked(units.toString('utf16le'));
  }

  end(): Buffer {
    const rest = this.carry;
    this.carry = Buffer.alloc(0);
    if (rest.length === 0) return rest;
    // A high surrogate with no partner, and/or an odd last byte.
    const units = Buffer.from(rest.subarray(0, rest.length & ~1));
    if (this.bigEndian) units.swap16();
    const decoded = utf8Marked(units.toString('utf16le'));
    return rest.length % 2 === 1 ? Buffer.concat([decoded, Buffer.of(INVALID_MARK)]) : decoded;
  }
}

class Utf32Decoder extends CarryingDecoder {
  push(chunk: Buffer): Buffer {
    const bytes = this.withCarry(chunk);
    const whole = bytes.length & ~3;
    this.carry = Buffer.from(bytes.subarray(whole));
    const parts: Buffer[] = [];
    let points: number[] = [];
    const flush = (): void => {
      // eslint-disable-next-line agentmix/no-spread-arguments -- bounded: flushed at 8,192 code points
      if (points.length > 0) parts.push(Buffer.from(String.fromCodePoint(...points), 'utf8'));
      points = [];
    };
    for (let at = 0; at < whole; at += 4) {
      const point = this.bigEndian ? bytes.readUInt32BE(at) : bytes.readUInt32LE(at);
      if (point > 0x10ffff || (point >= 0xd800 && point <= 0xdfff)) {
        flush();
        parts.push(Buffer.of(INVALID_MARK));
      } else {
        points.push(point);
        if (points.length === 8192) flush();
      }
    }
    flush();
    return Buffer.concat(parts);
  }

  end(): Buffer {
    const rest = this.carry.length;
    this.carry = Buffer.alloc(0);
    return rest > 0 ? Buffer.of(INVALID_MARK) : Buffer.alloc(0);
  }
}

/** A decoder to UTF-8 for `encoding`, or null for UTF-8 itself. */
export function decoderFor(encoding: TextEncoding): TextDecoderStream | null {
  switch (encoding) {
    case 'utf-16le':
      return new Utf16Decoder(false);
    case 'utf-16be':
      return new Utf16Decoder(true);
    case 'utf-32le':
      return new Utf32Decoder(false);
    case 'utf-32be':
      return new Utf32Decoder(true);
    default:
      return null;
  }
}

/** What a marked byte means in a file of this encoding, for the message of the record holding it. */
export function describeInvalidMark(encoding: TextEncoding): string {
  return encoding.startsWith('utf-16')
    ? `a UTF-16 code unit that is not a character (a lone surrogate, or an odd byte at the end of the file), marked 0xff in the decoded text`
    : `a UTF-32 unit that is not a character (above U+10FFFF or a surrogate), marked 0xff in the decoded text`;
}
