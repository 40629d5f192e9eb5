/**
 * The ids of one source, for finding repeats while it is read and for resolving record keys: an
 * open-addressing hash table (linear probing) of 32-bit id hashes and positions, in typed arrays,
 * 8 bytes a slot, about 13 bytes per record. Equal hashes are confirmed by comparing the ids themselves,
 * which the caller reads from the record index.
 */

/**
 * Keeps the table at most 70% full: probes stay short (about 2 for a found id, 6 for a new one),
 * and 10M ids fit 2^24 slots (128 MiB) rather than 2^25 (docs/scale.md, "The review desk at 10M
 * records").
 */
const LOAD_LIMIT = 0.7;

/** Positions by id hash; see the module comment. */
export class IdTable {
  private hashes = new Uint32Array(1024);
  /** Position + 1 of the record in each slot; 0 marks an empty slot. */
  private positions = new Int32Array(1024);
  private size = 0;

  /**
   * Adds `position` under `hash` unless an equal id is there: then returns that id's position
   * (and adds nothing). `sameId(other)` says whether the record at `other` has the same id.
   */
  insert(hash: number, position: number, sameId: (other: number) => boolean): number {
    if ((this.size + 1) / this.positions.length > LOAD_LIMIT) this.grow();
    const mask = this.positions.length - 1;
    let slot = hash & mask;
    for (;;) {
      const stored = this.positions[slot];
      if (stored === 0) break;
      if (this.hashes[slot] === hash && sameId(stored - 1)) return stored - 1;
      slot = (slot + 1) & mask;
    }
    this.hashes[slot] = hash;
    this.positions[slot] = position + 1;
    this.size++;
    return -1;
  }

  /** The position of the id with `hash` for which `sameId` holds, or -1. */
  find(hash: number, sameId: (position: number) => boolean): number {
    const mask = this.positions.length - 1;
    for (let slot = hash & mask; ; slot = (slot + 1) & mask) {
      const stored = this.positions[slot];
      if (stored === 0) return -1;
      if (this.hashes[slot] === hash && sameId(stored - 1)) return stored - 1;
    }
  }

  /** Bytes held. */
  get bytes(): number {
    return this.hashes.byteLength + this.positions.byteLength;
  }

  private grow(): void {
    const hashes = this.hashes;
    const positions = this.positions;
    this.hashes = new Uint32Array(hashes.length * 2);
    this.positions = new Int32Array(positions.length * 2);
    const mask = this.positions.length - 1;
    for (let old = 0; old < positions.length; old++) {
      if (positions[old] === 0) continue;
      let slot = hashes[old] & mask;
      while (this.positions[slot] !== 0) slot = (slot + 1) & mask;
      this.hashes[slot] = hashes[old];
      this.positions[slot] = positions[old];
    }
  }
}
