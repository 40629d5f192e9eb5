/**
 * A stable sort of a view's rows by record key (`<prefix>:<id>` or `<prefix>:#<ordinal>`, see
 * Engine.keyOf) without building a key per row (docs/scale.md, "The review desk at 10M records").
 *
 * Two keys whose `<prefix>:` differ are ordered by it (a prefix holds no colon, so neither
 * `<prefix>:` starts the other: it is hex digits, which `keyPrefixOf` in sources/open-source.ts
 * enforces where prefixes are made), and two with the same one by the rest. So the rows are sorted by
 * the rest first, then stably by the rank of their prefix. The rest is an id (never starting with
 * '#', since such a key names its ordinal) or `#<ordinal>`: the ids whose first character is
 * below '#' (and the empty id) come before every `#<ordinal>`, the others after; the ordinals
 * compare as decimal strings; the ids by the MSD radix sort of their bytes (view-sort.ts).
 */
import type { IndexColumns } from './index-columns';
import { compareValues } from './record-view';
import { sortByNumber, sortByText } from './view-sort';

/** '#': the first character of the rest of a key by ordinal. */
const HASH = 0x23;

/**
 * A number whose order is the order of `String(ordinal)` among non-negative integers below 10^10:
 * the digits padded on the right to ten places, then the number of digits ('1' < '10' < '100' < '11' < '2').
 */
export function ordinalStringOrder(ordinal: number): number {
  let digits = 1;
  let padded = ordinal;
  while (padded >= 10 ** digits) digits++;
  padded = ordinal * 10 ** (10 - digits);
  return padded * 16 + digits;
}

/** `order` sorted stably by key; see the module comment. */
export function sortByKey(order: Uint32Array, index: IndexColumns, keyPrefix: (sourceId: number) => string, descending: boolean): Uint32Array {
  const before: number[] = [];
  const ordinals: number[] = [];
  const after: number[] = [];
  for (let position = 0; position < order.length; position++) {
    const row = order[position];
    if (index.keyedByOrdinal(row)) ordinals.push(row);
    else if (index.idColumn.firstByte(row) < HASH) before.push(row);
    else after.push(row);
  }
  const parts = [
    sortByText(Uint32Array.from(before), index.idColumn, descending),
    sortByNumber(Uint32Array.from(ordinals), (row) => ordinalStringOrder(index.ordinalOf(row)), descending),
    sortByText(Uint32Array.from(after), index.idColumn, descending),
  ];
  if (descending) parts.reverse();
  const byRest = new Uint32Array(order.length);
  let at = 0;
  for (const part of parts) {
    byRest.set(part, at);
    at += part.length;
  }
  // The rank of each source's `<prefix>:` among those of the rows' sources.
  const sourceIds = new Set<number>();
  for (let position = 0; position < byRest.length; position++) sourceIds.add(index.sourceOf(byRest[position]));
  const heads = [...sourceIds].map((sourceId) => ({ sourceId, head: `${keyPrefix(sourceId)}:` }));
  heads.sort((left, right) => compareValues(left.head, right.head));
  const rank = new Map<number, number>();
  heads.forEach(({ sourceId, head }, position) => rank.set(sourceId, position > 0 && head === heads[position - 1].head ? rank.get(heads[position - 1].sourceId)! : position));
  if (rank.size <= 1) return byRest;
  let largest = 0;
  for (const sourceId of rank.keys()) largest = Math.max(largest, sourceId);
  const rankOfSource = new Float64Array(largest + 1);
  for (const [sourceId, value] of rank) rankOfSource[sourceId] = value;
  return sortByNumber(byRest, (row) => rankOfSource[index.sourceOf(row)], descending);
}
