/**
 * UTF-8 validation that says where the input goes wrong (RFC 3629 §4 well-formed sequences:
 * no overlong forms, no surrogates, nothing above U+10FFFF). The engine checks whole batches with
 * Node's `isUtf8` first (simdutf) and calls this only to locate the first bad byte.
 */

/** Index of the first byte (in `[start, end)`) that is not part of a well-formed UTF-8 sequence, or -1. */
export function findInvalidUtf8(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let index = start;
  while (index < end) {
    const lead = bytes[index];
    if (lead < 0x80) {
      index++;
      continue;
    }
    let length: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) length = 2;
    else if (lead >= 0xe0 && lead <= 0xef) {
      length = 3;
      if (lead === 0xe0) low = 0xa0; // overlong
      if (lead === 0xed) high = 0x9f; // surrogates
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      length = 4;
      if (lead === 0xf0) low = 0x90; // overlong
      if (lead === 0xf4) high = 0x8f; // above U+10FFFF
    } else return index;
    if (index + length > end) return index;
    const second = bytes[index + 1];
    if (second < low || second > high) return index;
    for (let at = 2; at < length; at++) {
      const next = bytes[index + at];
      if (next < 0x80 || next > 0xbf) return index;
    }
    index += length;
  }
  return -1;
}
