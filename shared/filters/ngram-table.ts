/**
 * An open-addressing table of 64-bit keys (two 32-bit lanes) over typed arrays, reused between
 * calls: a generation stamp empties it in O(1). Far faster than a Map of 53-bit number keys. The
 * Gopher line and paragraph repeats key their elements' hashes here (and confirm a hit on the text).
 */
export class NgramTable {
  private capacity = 0;
  private mask = 0;
  private generation = 0;
  private stamps = new Int32Array(0);
  private lows = new Uint32Array(0);
  private highs = new Uint32Array(0);
  /** Index of the key's first occurrence. */
  firsts = new Int32Array(0);

  /** Empties the table, growing it to hold `entries` keys at half load. */
  reset(entries: number): void {
    let capacity = 64;
    while (capacity < entries * 2) capacity *= 2;
    if (capacity > this.capacity) {
      this.capacity = capacity;
      this.mask = capacity - 1;
      this.stamps = new Int32Array(capacity);
      this.lows = new Uint32Array(capacity);
      this.highs = new Uint32Array(capacity);
      this.firsts = new Int32Array(capacity);
      this.generation = 0;
    }
    this.generation++;
  }

  /** Adds a key first seen at `start` (nothing when it is there already); returns its slot. */
  add(keyLow: number, keyHigh: number, start: number): number {
    let slot = (keyLow ^ Math.imul(keyHigh, 0x9e3779b1)) & this.mask;
    for (;;) {
      if (this.stamps[slot] !== this.generation) {
        this.stamps[slot] = this.generation;
        this.lows[slot] = keyLow;
        this.highs[slot] = keyHigh;
        this.firsts[slot] = start;
        return slot;
      }
      if (this.lows[slot] === keyLow && this.highs[slot] === keyHigh) return slot;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The slot holding a key, or -1 (no occurrence is added). */
  find(keyLow: number, keyHigh: number): number {
    let slot = (keyLow ^ Math.imul(keyHigh, 0x9e3779b1)) & this.mask;
    while (this.stamps[slot] === this.generation) {
      if (this.lows[slot] === keyLow && this.highs[slot] === keyHigh) return slot;
      slot = (slot + 1) & this.mask;
    }
    return -1;
  }
}
