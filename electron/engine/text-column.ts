/**
 * A column of short strings (record ids, previews) for the record index, kept as UTF-8 bytes in a
 * few large buffers rather than as one JavaScript string per row: a row costs its bytes plus 12
 * (an 8-byte start and a 4-byte length) instead of a string header, a pointer and padding, and the
 * garbage collector sees a handful of buffers instead of tens of millions of strings, so a full
 * collection no longer stalls the desk for seconds at 10M records (docs/scale.md, "The review desk
 * at 10M records"). Strings are decoded when a row is read.
 */

/**
 * Chunks start small and double up to this size, so a small index stays small (a longer string
 * gets a chunk of its own size).
 */
const CHUNK_BYTES = 32 * 1024 * 1024;
const FIRST_CHUNK_BYTES = 64 * 1024;

/** A row's start is `chunk * CHUNK_SPAN + offset`, so one Float64 names both. */
const CHUNK_SPAN = 2 ** 32;

/** Length of a null entry. */
const NULL = -1;

/** Growable column of strings or nulls; see the module comment. */
export class TextColumn {
  private chunks: Buffer[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  private starts = new Float64Array(0);
  private lengths = new Int32Array(0);
  private size = 0;

  /** Number of rows. */
  get count(): number {
    return this.size;
  }

  /** Appends a row. */
  push(text: string | null): void {
    if (this.size === this.starts.length) this.resize(Math.max(1024, this.size * 2));
    const row = this.size++;
    if (text === null) {
      this.starts[row] = 0;
      this.lengths[row] = NULL;
      return;
    }
    const chunk = this.room(text.length * 3);
    this.place(row, text.length === 0 ? 0 : chunk.write(text, this.used, 'utf8'));
  }

  /** The string of row `row` (0 ≤ row < count). */
  get(row: number): string | null {
    const length = this.lengths[row];
    if (length === NULL) return null;
    if (length === 0) return '';
    const start = this.starts[row];
    const chunk = Math.floor(start / CHUNK_SPAN);
    const offset = start - chunk * CHUNK_SPAN;
    return this.chunks[chunk].toString('utf8', offset, offset + length);
  }

  /** Makes row `to` hold what row `from` holds (for removing rows in place). */
  move(from: number, to: number): void {
    this.starts[to] = this.starts[from];
    this.lengths[to] = this.lengths[from];
  }

  /** Keeps the first `count` rows and copies their bytes into fresh chunks, dropping the rest. */
  truncate(count: number): void {
    const old = this.chunks;
    const starts = this.starts;
    const lengths = this.lengths;
    this.chunks = [];
    this.used = 0;
    this.starts = new Float64Array(0);
    this.lengths = new Int32Array(0);
    this.size = 0;
    this.resize(Math.max(1024, count));
    for (let row = 0; row < count; row++) {
      const length = lengths[row];
      if (length === NULL) {
        this.push(null);
        continue;
      }
      const chunk = Math.floor(starts[row] / CHUNK_SPAN);
      const offset = starts[row] - chunk * CHUNK_SPAN;
      this.pushBytes(old[chunk].subarray(offset, offset + length));
    }
  }

  /** Gives back the row slots that doubling left unused, and the unused end of the last chunk. */
  trim(): void {
    if (this.starts.length - this.size > 1024) this.resize(this.size);
    const last = this.chunks.length - 1;
    if (last >= 0 && this.used < this.chunks[last].length) this.chunks[last] = Buffer.from(this.chunks[last].subarray(0, this.used));
  }

  /** Bytes held: the row slots at their capacity and the chunks. */
  get bytes(): number {
    return this.starts.byteLength + this.lengths.byteLength + this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  private pushBytes(bytes: Buffer): void {
    if (this.size === this.starts.length) this.resize(Math.max(1024, this.size * 2));
    bytes.copy(this.room(bytes.length), this.used);
    this.place(this.size++, bytes.length);
  }

  /** The last chunk, or a new one when it has no room for `most` more bytes. */
  private room(most: number): Buffer {
    const last = this.chunks[this.chunks.length - 1];
    if (last !== undefined && this.used + most <= last.length) return last;
    const size = Math.min(CHUNK_BYTES, Math.max(FIRST_CHUNK_BYTES, 2 * (last?.length ?? 0)));
    const chunk = Buffer.allocUnsafe(Math.max(size, most));
    this.chunks.push(chunk);
    this.used = 0;
    return chunk;
  }

  /** Records that row `row` holds the `length` bytes just written at the end of the last chunk. */
  private place(row: number, length: number): void {
    this.starts[row] = (this.chunks.length - 1) * CHUNK_SPAN + this.used;
    this.lengths[row] = length;
    this.used += length;
  }

  private resize(capacity: number): void {
    const starts = new Float64Array(capacity);
    const lengths = new Int32Array(capacity);
    starts.set(this.starts.subarray(0, Math.min(this.size, capacity)));
    lengths.set(this.lengths.subarray(0, Math.min(this.size, capacity)));
    this.starts = starts;
    this.lengths = lengths;
  }
}
