/**
 * FNV-1a (Fowler–Noll–Vo, 32-bit; http://www.isthe.com/chongo/tech/comp/fnv/) over the UTF-16 code
 * units of a string. Workers hash record ids with it so that the engine can find repeated ids and
 * resolve record keys with a typed-array table instead of a Map of strings.
 */

/** The 32-bit FNV-1a hash of `text` (unsigned). */
export function hashString(text: string): number {
  let hash = 0x811c9dc5;
  for (let index = 0; index < text.length; index++) {
    hash ^= text.charCodeAt(index);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}
