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

/** {@link TextColumn.asciiOpening}'s answer when the row's text starts with the text it is given. */
export const STARTS_WITH = -2;

/**
 * Row slots (start, length, ASCII flag) are kept in pages of this many rows, so that the column
 * grows without copying them (docs/scale.md, "The review desk at 10M records").
 */
const PAGE_BITS = 14;
const PAGE_ROWS = 1 << PAGE_BITS;
const PAGE_MASK = PAGE_ROWS - 1;

/** Chunks up to this size are lower-cased whole for a search; longer ones row by row. */
const SEARCH_WINDOW_BYTES = 64 * 1024 * 1024;

/** Growable column of strings or nulls; see the module comment. */
export class TextColumn {
  private chunks: Buffer[] = [];
  /** Bytes used in the last chunk. */
  private used = 0;
  private starts: Float64Array[] = [];
  private lengths: Int32Array[] = [];
  /** 1 where the row's text holds a character past ASCII (its bytes then differ from its UTF-16 units). */
  private wide: Uint8Array[] = [];
  private size = 0;

  /** Number of rows. */
  get count(): number {
    return this.size;
  }

  /** Appends a row. */
  push(text: string | null): void {
    const row = this.nextRow();
    if (text === null) {
      this.starts[row >>> PAGE_BITS][row & PAGE_MASK] = 0;
      this.lengths[row >>> PAGE_BITS][row & PAGE_MASK] = NULL;
      return;
    }
    const chunk = this.room(text.length * 3);
    const length = text.length === 0 ? 0 : chunk.write(text, this.used, 'utf8');
    // Only ASCII text has as many UTF-8 bytes as UTF-16 units.
    this.place(row, length, length !== text.length);
  }

  /** The string of row `row` (0 ≤ row < count). */
  get(row: number): string | null {
    const length = this.lengthOf(row);
    if (length === NULL) return null;
    if (length === 0) return '';
    const start = this.starts[row >>> PAGE_BITS][row & PAGE_MASK];
    const chunk = Math.floor(start / CHUNK_SPAN);
    const offset = start - chunk * CHUNK_SPAN;
    return this.chunks[chunk].toString('utf8', offset, offset + length);
  }

  /** True when row `row` is null. */
  isNull(row: number): boolean {
    return this.lengthOf(row) === NULL;
  }

  /** The first byte of row `row`'s text, or -1 when it is null or empty. */
  firstByte(row: number): number {
    if (this.lengthOf(row) <= 0) return -1;
    const start = this.starts[row >>> PAGE_BITS][row & PAGE_MASK];
    return this.chunks[Math.floor(start / CHUNK_SPAN)][start % CHUNK_SPAN];
  }

  /** True when row `row` holds only ASCII (or is null or empty): its bytes are its characters. */
  isAscii(row: number): boolean {
    return this.wide[row >>> PAGE_BITS][row & PAGE_MASK] === 0;
  }

  /** The number of bytes of row `row`'s text (0 when it is null). */
  byteLength(row: number): number {
    return Math.max(this.lengthOf(row), 0);
  }

  /**
   * For a row of ASCII only (see {@link isAscii}), its text cut to its first `limit` bytes and
   * lower-cased as `toLowerCase` does (a null row's text is ''), against `text` (lower case) from
   * its start: {@link STARTS_WITH} when the row's text starts with `text`, the row's length when
   * `text` starts with the row's whole text and goes on, else -1. Nothing is decoded.
   */
  asciiOpening(row: number, text: string, limit = Number.POSITIVE_INFINITY): number {
    const length = Math.min(this.byteLength(row), limit);
    const count = Math.min(length, text.length);
    if (!this.asciiEqual(row, 0, text, 0, count)) return -1;
    return text.length <= length ? STARTS_WITH : length;
  }

  /** Whether row `row`'s text (ASCII only), cut to its first `limit` bytes and lower-cased, ends with `text` (lower case). */
  asciiEndsWith(row: number, text: string, limit = Number.POSITIVE_INFINITY): boolean {
    const length = Math.min(this.byteLength(row), limit);
    return text.length <= length && this.asciiEqual(row, length - text.length, text, 0, text.length);
  }

  /** Whether `count` bytes of row `row` from byte `at`, lower-cased, are the characters of `text` from `from`. */
  private asciiEqual(row: number, at: number, text: string, from: number, count: number): boolean {
    if (count === 0) return true;
    const start = this.starts[row >>> PAGE_BITS][row & PAGE_MASK];
    const chunkIndex = Math.floor(start / CHUNK_SPAN);
    const chunk = this.chunks[chunkIndex];
    const offset = start - chunkIndex * CHUNK_SPAN + at;
    for (let index = 0; index < count; index++) {
      const byte = chunk[offset + index];
      if ((byte >= 0x41 && byte <= 0x5a ? byte | 0x20 : byte) !== text.charCodeAt(from + index)) return false;
    }
    return true;
  }

  /** Makes row `to` hold what row `from` holds (for removing rows in place). */
  move(from: number, to: number): void {
    this.starts[to >>> PAGE_BITS][to & PAGE_MASK] = this.starts[from >>> PAGE_BITS][from & PAGE_MASK];
    this.lengths[to >>> PAGE_BITS][to & PAGE_MASK] = this.lengthOf(from);
    this.wide[to >>> PAGE_BITS][to & PAGE_MASK] = this.wide[from >>> PAGE_BITS][from & PAGE_MASK];
  }

  /** Keeps the first `count` rows and copies their bytes into fresh chunks, dropping the rest. */
  truncate(count: number): void {
    const old = { chunks: this.chunks, starts: this.starts, lengths: this.lengths, wide: this.wide };
    this.chunks = [];
    this.used = 0;
    this.starts = [];
    this.lengths = [];
    this.wide = [];
    this.size = 0;
    for (let row = 0; row < count; row++) {
      const page = row >>> PAGE_BITS;
      const slot = row & PAGE_MASK;
      const length = old.lengths[page][slot];
      if (length === NULL) {
        this.push(null);
        continue;
      }
      const chunk = Math.floor(old.starts[page][slot] / CHUNK_SPAN);
      const offset = old.starts[page][slot] - chunk * CHUNK_SPAN;
      this.pushBytes(old.chunks[chunk].subarray(offset, offset + length), old.wide[page][slot] === 1);
    }
  }

  /** Gives back the unused end of the last chunk (row slots waste at most a page). */
  trim(): void {
    const last = this.chunks.length - 1;
    if (last >= 0 && this.used < this.chunks[last].length) this.chunks[last] = Buffer.from(this.chunks[last].subarray(0, this.used));
  }

  /** Bytes held: the row slots' pages and the chunks. */
  get bytes(): number {
    return this.starts.length * PAGE_ROWS * (8 + 4 + 1) + this.chunks.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  /**
   * Compares the strings of two rows that are not null in JavaScript's string order (UTF-16 code
   * units), from their bytes: UTF-8 bytes order as code points, which differs from UTF-16 only
   * between a character past U+FFFF (4 bytes, led by 0xF0-0xF4; surrogates in UTF-16) and one of
   * U+E000-U+FFFF (led by 0xEE or 0xEF), so those two lead bytes are swapped in rank.
   */
  compare(left: number, right: number): number {
    const leftStart = this.starts[left >>> PAGE_BITS][left & PAGE_MASK];
    const rightStart = this.starts[right >>> PAGE_BITS][right & PAGE_MASK];
    const leftChunk = this.chunks[Math.floor(leftStart / CHUNK_SPAN)];
    const rightChunk = this.chunks[Math.floor(rightStart / CHUNK_SPAN)];
    const leftOffset = leftStart % CHUNK_SPAN;
    const rightOffset = rightStart % CHUNK_SPAN;
    const leftLength = this.lengthOf(left);
    const rightLength = this.lengthOf(right);
    const common = Math.min(leftLength, rightLength);
    for (let index = 0; index < common; index++) {
      const a = leftChunk[leftOffset + index];
      const b = rightChunk[rightOffset + index];
      if (a !== b) return UTF16_RANK[a] - UTF16_RANK[b];
    }
    return leftLength - rightLength;
  }

  /**
   * A reader of the rows' bytes for sorting: `byteAt(row, depth)` is the byte at `depth` of the
   * row's text, or -1 past its end; `compare(left, right, depth)` is {@link compare} of two rows
   * whose bytes before `depth` are equal. It holds 10 bytes a row (chunk, offset, length) while in use.
   */
  byteReader(): { byteAt(row: number, depth: number): number; compare(left: number, right: number, depth: number): number } {
    const chunkOf = new Uint16Array(this.size);
    const offsetOf = new Uint32Array(this.size);
    const lengthOf = new Int32Array(this.size);
    for (let row = 0; row < this.size; row++) {
      const start = this.starts[row >>> PAGE_BITS][row & PAGE_MASK];
      chunkOf[row] = Math.floor(start / CHUNK_SPAN);
      offsetOf[row] = start % CHUNK_SPAN;
      lengthOf[row] = this.lengths[row >>> PAGE_BITS][row & PAGE_MASK];
    }
    const chunks = this.chunks;
    return {
      byteAt: (row, depth) => (depth < lengthOf[row] ? chunks[chunkOf[row]][offsetOf[row] + depth] : -1),
      compare: (left, right, depth) => {
        const leftChunk = chunks[chunkOf[left]];
        const rightChunk = chunks[chunkOf[right]];
        const leftOffset = offsetOf[left];
        const rightOffset = offsetOf[right];
        const common = Math.min(lengthOf[left], lengthOf[right]);
        for (let index = depth; index < common; index++) {
          const a = leftChunk[leftOffset + index];
          const b = rightChunk[rightOffset + index];
          if (a !== b) return UTF16_RANK[a] - UTF16_RANK[b];
        }
        return lengthOf[left] - lengthOf[right];
      },
    };
  }

  /**
   * Marks in `hits` (by row) the ASCII rows whose first `limit` bytes contain `needle` (lower-case
   * ASCII), ignoring ASCII case as `toLowerCase` does. Rows with other characters are left
   * to the caller (their lower case is not byte by byte): see {@link isAscii}.
   */
  searchAscii(needle: string, limit: number, hits: Uint8Array): void {
    let row = 0;
    for (let chunkIndex = 0; chunkIndex < this.chunks.length; chunkIndex++) {
      const chunk = this.chunks[chunkIndex];
      const end = chunkIndex === this.chunks.length - 1 ? this.used : chunk.length;
      if (end > SEARCH_WINDOW_BYTES) {
        row = this.searchRows(chunkIndex, row, needle, limit, hits);
        continue;
      }
      // Latin-1 keeps one character per byte, so positions stay byte positions; only rows that
      // are all ASCII are marked, and their bytes lower-case exactly.
      const lower = chunk.toString('latin1', 0, end).toLowerCase();
      let from = 0;
      for (;;) {
        const at = lower.indexOf(needle, from);
        if (at < 0) break;
        // The row holding byte `at`: rows lie in the chunks in row order.
        while (row < this.size && this.endsBefore(row, chunkIndex, at)) row++;
        if (row >= this.size || this.chunkOf(row) !== chunkIndex) break;
        const offset = this.offsetOf(row);
        const length = this.lengthOf(row);
        if (at >= offset && at + needle.length <= offset + Math.min(length, limit)) {
          if (this.isAscii(row)) hits[row] = 1;
          from = offset + length;
        } else from = at + 1;
      }
      while (row < this.size && (this.lengthOf(row) === NULL || this.chunkOf(row) <= chunkIndex)) row++;
    }
  }

  /** {@link searchAscii} over one (long) chunk row by row, from `row`; returns the first row past it. */
  private searchRows(chunkIndex: number, row: number, needle: string, limit: number, hits: Uint8Array): number {
    for (; row < this.size && (this.lengthOf(row) === NULL || this.chunkOf(row) <= chunkIndex); row++) {
      if (this.lengthOf(row) === NULL || !this.isAscii(row) || this.chunkOf(row) !== chunkIndex) continue;
      const offset = this.offsetOf(row);
      const value = this.chunks[chunkIndex].toString('latin1', offset, offset + Math.min(this.lengthOf(row), limit));
      if (value.toLowerCase().includes(needle)) hits[row] = 1;
    }
    return row;
  }

  /** True when row `row` is null, in an earlier chunk, or ends at or before byte `at` of chunk `chunkIndex`. */
  private endsBefore(row: number, chunkIndex: number, at: number): boolean {
    const length = this.lengthOf(row);
    if (length === NULL) return true;
    const chunk = this.chunkOf(row);
    return chunk < chunkIndex || (chunk === chunkIndex && this.offsetOf(row) + length <= at);
  }

  private lengthOf(row: number): number {
    return this.lengths[row >>> PAGE_BITS][row & PAGE_MASK];
  }

  private chunkOf(row: number): number {
    return Math.floor(this.starts[row >>> PAGE_BITS][row & PAGE_MASK] / CHUNK_SPAN);
  }

  private offsetOf(row: number): number {
    return this.starts[row >>> PAGE_BITS][row & PAGE_MASK] % CHUNK_SPAN;
  }

  /** The next row's number, with a page for it. */
  private nextRow(): number {
    if (this.size === this.starts.length * PAGE_ROWS) {
      this.starts.push(new Float64Array(PAGE_ROWS));
      this.lengths.push(new Int32Array(PAGE_ROWS));
      this.wide.push(new Uint8Array(PAGE_ROWS));
    }
    return this.size++;
  }

  private pushBytes(bytes: Buffer, wide: boolean): void {
    const row = this.nextRow();
    bytes.copy(this.room(bytes.length), this.used);
    this.place(row, bytes.length, wide);
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
  private place(row: number, length: number, wide: boolean): void {
    this.starts[row >>> PAGE_BITS][row & PAGE_MASK] = (this.chunks.length - 1) * CHUNK_SPAN + this.used;
    this.lengths[row >>> PAGE_BITS][row & PAGE_MASK] = length;
    this.wide[row >>> PAGE_BITS][row & PAGE_MASK] = wide ? 1 : 0;
    this.used += length;
  }
}

/** Byte ranks for {@link TextColumn.compare}: bytes in order, but 0xF0-0xFF before 0xEE and 0xEF. */
const UTF16_RANK = Uint16Array.from({ length: 256 }, (_, byte) => (byte < 0xee ? byte : byte >= 0xf0 ? byte - 2 : byte + 16));
