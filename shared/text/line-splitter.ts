/**
 * Splits JSON Lines (https://jsonlines.org) into the byte ranges of its non-blank lines,
 * incrementally over chunks of any size: LF or CRLF line ends (or CR alone, for files whose lines
 * all end so, which the caller tells), an optional UTF-8 byte order mark.
 * A JSON text never holds a raw line break (RFC 8259 §7 escapes it inside strings), so every line
 * is exactly one record and a broken line cannot spoil its neighbours.
 */

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

/** Receives the non-blank lines: bytes `[start, end)` of the file (line end excluded) and the 1-based line. */
export type LineSink = (start: number, end: number, line: number) => void;

/** The incremental splitter: {@link LineSplitter.push} consecutive chunks, then {@link LineSplitter.end}. */
export class LineSplitter {
  private line = 1;
  private lineStart = 0;
  /** Whether the line in progress has a byte other than space, tab or CR (is worth emitting). */
  private blank = true;
  private position = 0;

  private readonly breakByte: number;

  /** @param lineEnd `cr` splits at carriage returns (a file with no line feed at all). */
  constructor(
    private readonly sink: LineSink,
    lineEnd: 'lf' | 'cr' = 'lf',
  ) {
    this.breakByte = lineEnd === 'cr' ? CARRIAGE_RETURN : NEWLINE;
  }

  /** File offset where the unfinished last line starts (keep the bytes from here), or -1. */
  get openStart(): number {
    return this.blank ? -1 : this.lineStart;
  }

  /** Splits the next chunk; `offset` is the file offset of `chunk[0]`. */
  push(chunk: Uint8Array, offset: number): void {
    let index = 0;
    if (offset === 0 && chunk[0] === 0xef && chunk[1] === 0xbb && chunk[2] === 0xbf) {
      index = 3; // UTF-8 byte order mark
      this.lineStart = 3;
    }
    const length = chunk.length;
    while (index < length) {
      const newline = chunk.indexOf(this.breakByte, index);
      const stop = newline < 0 ? length : newline;
      if (this.blank) {
        for (let at = index; at < stop; at++) {
          const byte = chunk[at];
          if (byte !== 0x20 && byte !== 0x09 && byte !== CARRIAGE_RETURN && byte !== NEWLINE) {
            this.blank = false;
            break;
          }
        }
      }
      if (newline < 0) break;
      this.finishLine(offset + newline, chunk, offset);
      this.line++;
      this.lineStart = offset + newline + 1;
      this.blank = true;
      index = newline + 1;
    }
    this.position = offset + length;
  }

  /** Emits the last line when the file does not end with a line break. */
  end(): void {
    if (!this.blank) this.finishLine(this.position, null, 0);
    this.blank = true;
  }

  private finishLine(end: number, chunk: Uint8Array | null, offset: number): void {
    if (this.blank) return;
    // Drop the CR of a CRLF ending (it may sit at the end of the previous chunk: then it stays,
    // and JSON.parse treats it as trailing whitespace, which it is).
    let stop = end;
    if (chunk !== null && stop - 1 >= offset && chunk[stop - 1 - offset] === CARRIAGE_RETURN) stop--;
    this.sink(this.lineStart, stop, this.line);
  }
}
