/**
 * Disjoint sets over record indices in one Int32Array (union by size, path halving): the
 * connected components of the verified candidate graph, before the chaining guard in `clusters.ts`.
 */

/** A union-find forest: `parent[i] === i` for roots; `size` is meaningful at roots. */
export interface UnionFind {
  parent: Int32Array;
  size: Int32Array;
}

/** Creates `count` singleton sets. */
export function createUnionFind(count: number): UnionFind {
  const parent = new Int32Array(count);
  for (let index = 0; index < count; index++) parent[index] = index;
  return { parent, size: new Int32Array(count).fill(1) };
}

/** The root of `element`'s set (halving the path on the way). */
export function findRoot(sets: UnionFind, element: number): number {
  const parent = sets.parent;
  let node = element;
  while (parent[node] !== node) {
    parent[node] = parent[parent[node]];
    node = parent[node];
  }
  return node;
}

/** Merges the sets of `first` and `second`; returns false when they were already one set. */
export function union(sets: UnionFind, first: number, second: number): boolean {
  let a = findRoot(sets, first);
  let b = findRoot(sets, second);
  if (a === b) return false;
  if (sets.size[a] < sets.size[b]) [a, b] = [b, a];
  sets.parent[b] = a;
  sets.size[a] += sets.size[b];
  return true;
}
