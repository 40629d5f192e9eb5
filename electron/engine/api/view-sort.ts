/**
 * Stable sorts of a view's row numbers by one column, without a comparison per pair: numbers by an
 * LSD radix sort of their 64-bit order keys, strings by an MSD radix sort of their UTF-8 bytes.
 * Both keep the input order among equal values, so sorting by the last sort column first and the
 * first one last gives the views' order (ties in index order), and both put missing values last in
 * either direction (docs/scale.md, "The review desk at 10M records").
 */
import type { TextColumn } from '../text-column';

/** Segments shorter than this are sorted by insertion rather than by bucket. */
const INSERTION_ROWS = 24;

const floats = new Float64Array(1);
const words = new Uint32Array(floats.buffer);
/** Index of the high word of a float64 in `words` (little-endian machines: 1). */
const HIGH = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1 ? 1 : 0;

/**
 * Sorts `order` (row numbers) by `valueOf(row)`, stably; NaN is a missing value and sorts last.
 * -0 equals 0, as `<` has it.
 */
export function sortByNumber(order: Uint32Array, valueOf: (row: number) => number, descending: boolean): Uint32Array {
  const count = order.length;
  // Missing values go to the end, in input order; the others are sorted in front of them.
  const missing: number[] = [];
  const high = new Uint32Array(count);
  const low = new Uint32Array(count);
  const rows = new Uint32Array(count);
  let filled = 0;
  for (let position = 0; position < count; position++) {
    const row = order[position];
    const value = valueOf(row);
    if (Number.isNaN(value)) {
      missing.push(row);
      continue;
    }
    floats[0] = value === 0 ? 0 : value;
    let hi = words[HIGH];
    let lo = words[1 - HIGH];
    // The order key of a float64: flip every bit of a negative number, only the sign of the others.
    if (hi >>> 31 === 1) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    } else hi = (hi | 0x80000000) >>> 0;
    if (descending) {
      hi = ~hi >>> 0;
      lo = ~lo >>> 0;
    }
    high[filled] = hi;
    low[filled] = lo;
    rows[filled] = row;
    filled++;
  }
  const sorted = radixByWords(rows.subarray(0, filled), high.subarray(0, filled), low.subarray(0, filled));
  const result = new Uint32Array(count);
  result.set(sorted);
  for (let index = 0; index < missing.length; index++) result[filled + index] = missing[index];
  return result;
}

/** LSD radix sort of `rows` by (`high`, `low`), 16 bits a pass, skipping passes where every key has the same digit. */
function radixByWords(rows: Uint32Array, high: Uint32Array, low: Uint32Array): Uint32Array {
  const count = rows.length;
  let fromRows = rows;
  let fromHigh = high;
  let fromLow = low;
  let toRows: Uint32Array = new Uint32Array(count);
  let toHigh: Uint32Array = new Uint32Array(count);
  let toLow: Uint32Array = new Uint32Array(count);
  const counts = new Uint32Array(1 << 16);
  for (let pass = 0; pass < 4; pass++) {
    const word = pass < 2 ? fromLow : fromHigh;
    const shift = pass % 2 === 0 ? 0 : 16;
    counts.fill(0);
    for (let index = 0; index < count; index++) counts[(word[index] >>> shift) & 0xffff]++;
    if (count === 0 || counts[(word[0] >>> shift) & 0xffff] === count) continue;
    let sum = 0;
    for (let digit = 0; digit < counts.length; digit++) {
      const here = counts[digit];
      counts[digit] = sum;
      sum += here;
    }
    for (let index = 0; index < count; index++) {
      const at = counts[(word[index] >>> shift) & 0xffff]++;
      toRows[at] = fromRows[index];
      toHigh[at] = fromHigh[index];
      toLow[at] = fromLow[index];
    }
    [fromRows, toRows] = [toRows, fromRows];
    [fromHigh, toHigh] = [toHigh, fromHigh];
    [fromLow, toLow] = [toLow, fromLow];
  }
  return fromRows;
}

/**
 * Sorts `order` (row numbers) by the strings of `column`, stably, in JavaScript's string order
 * (see {@link TextColumn.compare}); null sorts last.
 */
export function sortByText(order: Uint32Array, column: TextColumn, descending: boolean): Uint32Array {
  const count = order.length;
  const rows = new Uint32Array(count);
  const missing: number[] = [];
  let filled = 0;
  for (let position = 0; position < count; position++) {
    const row = order[position];
    if (column.isNull(row)) missing.push(row);
    else rows[filled++] = row;
  }
  const present = rows.subarray(0, filled);
  const reader = column.byteReader();
  const byteAt = reader.byteAt;
  const temporary = new Uint32Array(filled);
  const slots = new Uint32Array(filled);
  const counts = new Uint32Array(258);
  // Segments still to sort: [start, end, depth], bytes before `depth` equal within each.
  const stack: number[] = [0, filled, 0];
  while (stack.length > 0) {
    const depth = stack.pop()!;
    const end = stack.pop()!;
    const start = stack.pop()!;
    if (end - start < INSERTION_ROWS) {
      insertionSort(present, start, end, (left, right) => reader.compare(left, right, depth), descending);
      continue;
    }
    // Bucket 0: the string ends here; 1 + rank of the byte otherwise (descending: reversed). Only
    // the buckets between the least and the most used are walked: deep segments use few.
    let least = 256;
    let most = 0;
    for (let index = start; index < end; index++) {
      const byte = byteAt(present[index], depth);
      const rank = byte < 0 ? 0 : 1 + UTF16_RANK[byte];
      const bucket = descending ? 256 - rank : rank;
      slots[index] = bucket;
      if (bucket < least) least = bucket;
      if (bucket > most) most = bucket;
    }
    const ended = descending ? 256 : 0;
    if (least === most) {
      // One bucket: every string has the same byte here (or all ended, and are equal).
      if (least !== ended) stack.push(start, end, depth + 1);
      continue;
    }
    counts.fill(0, least, most + 2);
    for (let index = start; index < end; index++) counts[slots[index] + 1]++;
    counts[least] = 0;
    for (let bucket = least + 1; bucket <= most + 1; bucket++) counts[bucket] += counts[bucket - 1];
    for (let index = start; index < end; index++) temporary[start + counts[slots[index]]++] = present[index];
    present.set(temporary.subarray(start, end), start);
    // counts[bucket] is now the end of the bucket; equal strings (ended) need no more sorting.
    let bucketStart = start;
    for (let bucket = least; bucket <= most; bucket++) {
      const bucketEnd = start + counts[bucket];
      if (bucket !== ended && bucketEnd - bucketStart > 1) stack.push(bucketStart, bucketEnd, depth + 1);
      bucketStart = bucketEnd;
    }
  }
  const result = new Uint32Array(count);
  result.set(present);
  for (let index = 0; index < missing.length; index++) result[filled + index] = missing[index];
  return result;
}

/** Stable insertion sort of `rows[start, end)` by `compare`. */
function insertionSort(rows: Uint32Array, start: number, end: number, compare: (left: number, right: number) => number, descending: boolean): void {
  for (let index = start + 1; index < end; index++) {
    const row = rows[index];
    let at = index;
    while (at > start) {
      const compared = compare(rows[at - 1], row);
      if ((descending ? -compared : compared) <= 0) break;
      rows[at] = rows[at - 1];
      at--;
    }
    rows[at] = row;
  }
}

/** Byte ranks in UTF-16 order: see {@link TextColumn.compare}. */
const UTF16_RANK = Uint16Array.from({ length: 256 }, (_, byte) => (byte < 0xee ? byte : byte >= 0xf0 ? byte - 2 : byte + 16));
