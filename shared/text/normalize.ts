import { foldCode, isSpaceCode } from './words';

/**
 * The normalized form behind exact keys (docs/dedup-and-leakage.md, "Exact dedup"):
 * lowercased, every whitespace run collapsed to one space, trimmed. `appendWords` hashes this form
 * without building it; this function builds it, for display ("why are these two exact
 * duplicates?") and for tests that check the hash against the string.
 */
export function normalizeForKey(text: string): string {
  const parts: number[] = [];
  let spaced = false;
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (isSpaceCode(code)) {
      spaced = parts.length > 0;
      continue;
    }
    if (spaced) parts.push(32);
    spaced = false;
    parts.push(foldCode(code));
  }
  let result = '';
  // Built in chunks: String.fromCharCode with a huge argument list overflows the stack.
  // eslint-disable-next-line agentmix/no-spread-arguments -- bounded: at most 8,192 code units per call
  for (let offset = 0; offset < parts.length; offset += 8192) result += String.fromCharCode(...parts.slice(offset, offset + 8192));
  return result;
}
