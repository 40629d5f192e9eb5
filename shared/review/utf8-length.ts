/**
 * Bytes `text` takes in UTF-8, counted from its UTF-16 code units (shared/ has no TextEncoder):
 * 1 below U+0080, 2 below U+0800, 4 for a surrogate pair, 3 otherwise (a lone surrogate is
 * written as U+FFFD, also 3 bytes).
 */
export function utf8Length(text: string): number {
  let bytes = 0;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code < 0x80) bytes += 1;
    else if (code < 0x800) bytes += 2;
    else if (code >= 0xd800 && code <= 0xdbff && index + 1 < text.length) {
      const next = text.charCodeAt(index + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        bytes += 4;
        index++;
      } else bytes += 3;
    } else bytes += 3;
  }
  return bytes;
}
