/**
 * Exact Jaccard similarity on shingle sets held as sorted, duplicate-free Uint32Arrays: every LSH
 * candidate is verified with it (docs/dedup-and-leakage.md, "Near dedup"), so no pair below the threshold is ever merged.
 */

/**
 * Sorts `values[from..to)` in place, removes repeats, and returns the new end: the set is then
 * `values[from..returned)`.
 */
export function sortUnique(values: Uint32Array, from: number, to: number): number {
  if (to - from < 2) return to;
  values.subarray(from, to).sort();
  let write = from + 1;
  for (let read = from + 1; read < to; read++) {
    if (values[read] !== values[write - 1]) values[write++] = values[read];
  }
  return write;
}

/** Size of the intersection of two sorted, duplicate-free sets (a linear merge). */
export function intersectionSize(first: Uint32Array, second: Uint32Array): number {
  let i = 0;
  let j = 0;
  let shared = 0;
  const firstLength = first.length;
  const secondLength = second.length;
  while (i < firstLength && j < secondLength) {
    const a = first[i];
    const b = second[j];
    if (a === b) {
      shared++;
      i++;
      j++;
    } else if (a < b) i++;
    else j++;
  }
  return shared;
}

/** |A ∩ B| / |A ∪ B| of two sorted, duplicate-free sets; two empty sets have similarity 1. */
export function jaccard(first: Uint32Array, second: Uint32Array): number {
  const union = first.length + second.length;
  if (union === 0) return 1;
  const shared = intersectionSize(first, second);
  return shared / (union - shared);
}

/**
 * Whether Jaccard(first, second) can reach `threshold` at all, from the sizes alone:
 * J <= min/max, so sets whose sizes differ too much are rejected without a merge.
 */
export function sizesAllow(firstSize: number, secondSize: number, threshold: number): boolean {
  const small = Math.min(firstSize, secondSize);
  const large = Math.max(firstSize, secondSize);
  return large === 0 || small / large >= threshold;
}
