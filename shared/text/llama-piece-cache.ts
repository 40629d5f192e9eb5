/**
 * The piece caches of the Llama-2 token count (shared/text/llama-tokens.ts): a piece's count is
 * kept, so a piece seen before costs one probe. Two tables (docs/scale.md, "Measuring at the speed
 * of reading"):
 * - **Packed**: a piece of at most {@link PACKED_UNITS} code units, each below 256 (most words of
 *   most text, the prefix space included), is its own key: its units packed 8 bits each into
 *   three Int32 as the walk reads them. With its length, the key is the piece, so a hit needs no
 *   second look at the text. Each slot is 4 Int32 (16 bytes): the key, then the piece's length and
 *   its token count (`length | tokens << 4`; 0 marks a free slot, as no piece is empty).
 * - **Hashed**: any other piece, keyed by a FNV-1a hash and its length, holding its code units to
 *   confirm a hit at its place in the text. Each slot is 8 Int32 (32 bytes): stamp, hash, length,
 *   token count, then the piece's code units two per Int32 when it has at most 8, else the offset
 *   of its units in a pool.
 * Both start small and double when half full (the slots a run probes stay few and close together),
 * up to a bound at which they start afresh, which bounds their memory.
 */

/** Code units a packed key holds at most (8 bits each in three Int32). */
export const PACKED_UNITS = 12;
/** Slots of each table at most (a power of two); at that size a table is emptied when half full. */
const MAX_SLOTS = 1 << 20;
const LIMIT = MAX_SLOTS >> 1;
const FIRST_SLOTS = 1 << 13;

/** The packed table: `slots` holds 4 Int32 a slot; `mask` is slots held minus one. */
export interface PackedCache {
  slots: Int32Array;
  mask: number;
  size: number;
}

/** Int32 per packed slot. */
export const PACKED_SLOT = 4;

/** The home slot of a packed key (`lo`, `mid`, `hi`: its three Int32, the last unit lowest in `lo`). */
export function packedHome(lo: number, mid: number, hi: number, mask: number): number {
  const mixed = Math.imul(lo, 0x9e3779b1) ^ Math.imul(mid, 0x85ebca77) ^ Math.imul(hi, 0xc2b2ae3d);
  return (mixed ^ (mixed >>> 15)) & mask;
}

export const packed: PackedCache = { slots: new Int32Array(FIRST_SLOTS * PACKED_SLOT), mask: FIRST_SLOTS - 1, size: 0 };

/** Adds a piece's count under its packed key (a piece not in the table). */
export function addPacked(lo: number, mid: number, hi: number, length: number, tokens: number): void {
  if (packed.size >= (packed.mask + 1) >> 1) {
    if (packed.mask + 1 < MAX_SLOTS) growPacked();
    else clearPacked();
  }
  const { slots, mask } = packed;
  let slot = packedHome(lo, mid, hi, mask);
  while (slots[slot * PACKED_SLOT + 3] !== 0) slot = (slot + 1) & mask;
  const at = slot * PACKED_SLOT;
  slots[at] = lo;
  slots[at + 1] = mid;
  slots[at + 2] = hi;
  slots[at + 3] = length | (tokens << 4);
  packed.size++;
}

/** Doubles the packed table, moving every entry to its slot in it. */
function growPacked(): void {
  const old = packed.slots;
  const mask = packed.mask * 2 + 1;
  const slots = new Int32Array((mask + 1) * PACKED_SLOT);
  for (let at = 0; at < old.length; at += PACKED_SLOT) {
    if (old[at + 3] === 0) continue;
    let slot = packedHome(old[at], old[at + 1], old[at + 2], mask);
    while (slots[slot * PACKED_SLOT + 3] !== 0) slot = (slot + 1) & mask;
    slots.set(old.subarray(at, at + PACKED_SLOT), slot * PACKED_SLOT);
  }
  packed.slots = slots;
  packed.mask = mask;
}

function clearPacked(): void {
  packed.slots.fill(0);
  packed.size = 0;
}

/** The hashed table (see the module comment). */
export interface HashedCache {
  slots: Int32Array;
  /** Slots held minus one (the table's size is a power of two). */
  mask: number;
  /** The code units of the cached pieces longer than {@link INLINE_UNITS}, one after another. */
  units: Uint16Array;
  used: number;
  generation: number;
  size: number;
}

/** Int32 per hashed slot, and code units a slot holds itself. */
export const HASHED_SLOT = 8;
const INLINE_UNITS = 8;
/** Code units the pool holds before the table starts afresh (~4 per piece: 4 MB). */
const POOL_UNITS = LIMIT * 4;

export const hashed: HashedCache = { slots: new Int32Array(FIRST_SLOTS * HASHED_SLOT), mask: FIRST_SLOTS - 1, units: new Uint16Array(0), used: 0, generation: 1, size: 0 };

/** The first slot a hashed piece of this hash and length probes. */
export function hashedHome(hash: number, length: number, mask: number): number {
  return (hash ^ Math.imul(length, 0x9e3779b1)) & mask;
}

/** Doubles the hashed table, moving the entries of the current generation to their slots in it. */
function growHashed(): void {
  const old = hashed.slots;
  const mask = hashed.mask * 2 + 1;
  const slots = new Int32Array((mask + 1) * HASHED_SLOT);
  for (let at = 0; at < old.length; at += HASHED_SLOT) {
    if (old[at] !== hashed.generation) continue;
    let slot = hashedHome(old[at + 1], old[at + 2], mask);
    while (slots[slot * HASHED_SLOT] === hashed.generation) slot = (slot + 1) & mask;
    slots.set(old.subarray(at, at + HASHED_SLOT), slot * HASHED_SLOT);
  }
  hashed.slots = slots;
  hashed.mask = mask;
}

/** Whether hashed slot `at` holds the piece text[start, end) (with the prefix space when `prefixed`) of `length` units. */
export function hashedHolds(at: number, text: string, start: number, end: number, prefixed: boolean, length: number): boolean {
  const slots = hashed.slots;
  if (length <= INLINE_UNITS) {
    // Two units per Int32, the piece's first unit lowest; the prefix space is unit 0.
    let word = at + 4;
    let index = start;
    let pair = 0;
    let half = 0;
    if (prefixed) {
      pair = 32;
      half = 1;
    }
    for (; index < end; index++) {
      const code = text.charCodeAt(index);
      if (half === 0) {
        pair = code;
        half = 1;
      } else {
        if (slots[word++] !== (pair | (code << 16))) return false;
        half = 0;
      }
    }
    return half === 0 || slots[word] === pair;
  }
  const units = hashed.units;
  let unit = slots[at + 4];
  if (prefixed && units[unit++] !== 32) return false;
  for (let index = start; index < end; index++) if (units[unit++] !== text.charCodeAt(index)) return false;
  return true;
}

/** The count of a hashed piece, or -1 when the table does not hold it. */
export function findHashed(text: string, start: number, end: number, hash: number, prefixed: boolean, length: number): number {
  const { slots, mask, generation } = hashed;
  let slot = hashedHome(hash, length, mask);
  while (slots[slot * HASHED_SLOT] === generation) {
    const at = slot * HASHED_SLOT;
    if (slots[at + 1] === hash && slots[at + 2] === length && hashedHolds(at, text, start, end, prefixed, length)) return slots[at + 3];
    slot = (slot + 1) & mask;
  }
  return -1;
}

/** Adds `piece` (a piece not in the table, of hash `hash`) with its count. */
export function addHashed(piece: string, hash: number, tokens: number): void {
  const length = piece.length;
  const full = hashed.size >= (hashed.mask + 1) >> 1;
  if (full && hashed.mask + 1 < MAX_SLOTS) growHashed();
  else if (full || (length > INLINE_UNITS && hashed.used + length > POOL_UNITS)) {
    // Full: start afresh (a new generation empties every slot at once).
    hashed.generation++;
    hashed.size = 0;
    hashed.used = 0;
  }
  const { slots, mask, generation } = hashed;
  let slot = hashedHome(hash, length, mask);
  while (slots[slot * HASHED_SLOT] === generation) slot = (slot + 1) & mask;
  const at = slot * HASHED_SLOT;
  slots[at] = generation;
  slots[at + 1] = hash;
  slots[at + 2] = length;
  slots[at + 3] = tokens;
  if (length <= INLINE_UNITS) {
    for (let index = 0; index < INLINE_UNITS; index += 2) {
      const lowUnit = index < length ? piece.charCodeAt(index) : 0;
      const highUnit = index + 1 < length ? piece.charCodeAt(index + 1) : 0;
      slots[at + 4 + (index >>> 1)] = lowUnit | (highUnit << 16);
    }
  } else {
    // The pool is allocated on the first long piece (4 MB).
    if (hashed.units.length === 0) hashed.units = new Uint16Array(POOL_UNITS);
    slots[at + 4] = hashed.used;
    for (let index = 0; index < length; index++) hashed.units[hashed.used++] = piece.charCodeAt(index);
  }
  hashed.size++;
}

/** Empties both tables. */
export function clearPieceCaches(): void {
  clearPacked();
  hashed.generation++;
  hashed.size = 0;
  hashed.used = 0;
}

/** Pieces held by both tables. */
export function pieceCacheSize(): number {
  return packed.size + hashed.size;
}
