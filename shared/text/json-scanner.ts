/**
 * A quote- and escape-aware JSON scanner that finds the byte range of every record of a large file
 * without building strings: the elements of a top-level array (`array` mode) or a sequence of
 * top-level values (`values` mode: one object per file, or pretty-printed objects one after
 * another). It is incremental: feed it chunks of any size in order, its state (container stack,
 * string and escape flags, line number) carries across chunk boundaries, and any split of the
 * input yields the same ranges and problems.
 *
 * It checks the grammar of the structure (RFC 8259 §2–§7: brackets, commas, colons, keys, raw
 * line breaks in strings) but not the spelling of numbers, literals or escapes, nor other control
 * characters: the worker's `JSON.parse` of each record does that. Checking the structure is what lets it recover from a
 * broken element: on the first error it skips to the next place that looks like the start of an
 * element (after a comma, beginning with the bytes that the file's first elements begin with) and
 * goes on, so one bad record never sinks the others.
 *
 * The state machine over the elements' own bytes is json-value-scanner.ts; this file keeps what is
 * between elements and what is made of them: records, problems, the signature and resynchronizing.
 */
import {
  NEWLINE,
  COMMA,
  COLON,
  OPEN_BRACE,
  CLOSE_BRACE,
  OPEN_BRACKET,
  CLOSE_BRACKET,
  SIGNATURE_LIMIT,
  SIGNATURE_SAMPLES,
  BEFORE_ROOT,
  FIRST_ELEMENT,
  NEXT_ELEMENT,
  AFTER_ELEMENT,
  DONE,
  RESYNC,
  VALUE,
  IN_STRING,
  IN_SCALAR,
  WHITESPACE,
  describeByte,
  expectation,
  lastNonWhitespace,
} from './json-grammar';
import { JsonValueScanner } from './json-value-scanner';

/** What the scanner splits: the elements of one top-level array, or top-level values in sequence. */
export type ScanMode = 'array' | 'values';

/** A structural problem, located at the element it spoils and at the byte where it was noticed. */
export interface ScanProblem {
  /** Byte offset where the broken element (or stray content) starts. */
  offset: number;
  /** 1-based line where the broken element starts. */
  line: number;
  /** Byte offset where the scanner noticed the problem. */
  errorOffset: number;
  /** 1-based line where the scanner noticed the problem. */
  errorLine: number;
  /** What was expected and what was found, and what happened to the bytes. */
  message: string;
}

/** Receives what the scanner finds, in file order. */
export interface ScanSink {
  /** A complete element: bytes `[start, end)` of the file, starting on 1-based `line`. */
  onRecord(start: number, end: number, line: number): void;
  /** A problem; the scanner has already recovered when it reports it. */
  onProblem(problem: ScanProblem): void;
}

/**
 * The incremental scanner. Call {@link JsonScanner.push} with consecutive chunks and
 * {@link JsonScanner.end} at the end of the input.
 */
export class JsonScanner extends JsonValueScanner {
  private elementStart = -1;
  private elementLine = 0;
  /** Bytes held back from the previous chunk while checking a signature that straddles chunks. */
  private carry: Uint8Array | null = null;
  private carryOffset = 0;
  /** The last non-whitespace byte (or a line break after it) before the current chunk, for resyncing. */
  private lastSignificant = -1;
  private signature: Uint8Array | null = null;
  private readonly samples: Uint8Array[] = [];
  /** The first bytes of the element in progress, while learning the signature. */
  private sample: number[] | null = null;
  /** File offset of the next byte to add to {@link JsonScanner.sample}. */
  private sampleNext = 0;
  private finished = false;
  /** Bytes scanned so far (the file offset just past the last chunk). */
  private seen = 0;

  /**
   * @param mode what to split; `values` for a single top-level value or a sequence of them.
   * @param options.insideArray start inside the top-level array, where an element begins (after
   *   its comma): for a piece of an array cut at an element start, scanned apart from the rest.
   *   Lines then count from 1 at the start of the piece.
   * @param options.signature what an element starts with (see {@link JsonScanner.elementSignature}),
   *   learned elsewhere: a piece scanned apart resynchronizes as the whole file would.
   */
  constructor(
    /** `array` until the top-level array ends and objects follow it. */
    private mode: ScanMode,
    private readonly sink: ScanSink,
    options: { insideArray?: boolean; signature?: Uint8Array } = {},
  ) {
    super();
    if (options.insideArray) {
      if (mode !== 'array') throw new RangeError('insideArray needs the array mode');
      this.state = NEXT_ELEMENT;
    }
    if (options.signature && options.signature.length > 0) this.signature = options.signature.slice();
  }

  /**
   * The bytes every element seen so far starts with (up to its first ':'), which the scanner
   * looks for after a broken element: fixed after the first elements, or learned so far.
   */
  get elementSignature(): Uint8Array {
    return this.signature ?? commonPrefix(this.samples);
  }

  /** The current 1-based line (after the last byte pushed). */
  get currentLine(): number {
    return this.line;
  }

  /**
   * Ends a piece of an array that was cut at the start of the next element: an element still
   * open here is broken (it should have ended before the next one), so it is reported.
   */
  cut(): void {
    if (this.finished) return;
    this.finished = true;
    const end = this.carry ? this.carryOffset + this.carry.length : this.seen;
    this.carry = null;
    if (this.state === IN_SCALAR && this.depth === 0) this.sink.onRecord(this.elementStart, end, this.elementLine);
    else if (this.state >= VALUE) {
      this.report(this.elementStart, this.elementLine, end, this.line,
        `not valid JSON: this element does not end before the next element starts at byte ${end}, ${this.linesBelow(this.line)} (expected ${this.state === IN_STRING ? 'the end of a string' : expectation(this.state, this.stack[this.depth - 1])}); it was skipped`);
    }
  }

  /**
   * Byte offset where the element in progress starts (the caller must keep the bytes from here on
   * to parse that element later), or -1 when no element is open.
   */
  get openStart(): number {
    if (this.carry) return this.carryOffset;
    return this.state >= VALUE ? this.elementStart : -1;
  }

  /** Scans the next chunk; `offset` is the byte offset of `chunk[0]` in the file. */
  push(chunk: Uint8Array, offset: number): void {
    let bytes = chunk;
    let base = offset;
    if (this.carry) {
      bytes = new Uint8Array(this.carry.length + chunk.length);
      bytes.set(this.carry, 0);
      bytes.set(chunk, this.carry.length);
      base = this.carryOffset;
      this.carry = null;
    }
    this.scan(bytes, base);
  }

  /** Ends the input: reports an unfinished element or an unclosed array. */
  end(): void {
    if (this.finished) return;
    this.finished = true;
    // A signature candidate cut by the end of the file cannot be an element: drop it.
    const end = this.carry ? this.carryOffset + this.carry.length : this.seen;
    this.carry = null;
    const state = this.state;
    if (state === IN_SCALAR && this.depth === 0) {
      this.sink.onRecord(this.elementStart, end, this.elementLine);
      if (this.mode === 'array') this.report(end, this.line, end, this.line, "the file ends before the array is closed: expected ']' (the file looks truncated)");
    } else if (state >= VALUE) {
      this.report(this.elementStart, this.elementLine, end, this.line,
        `the file ends inside this element (${state === IN_STRING ? 'inside a string' : `expected ${expectation(state, this.stack[this.depth - 1])}`}): the file looks truncated; the element was skipped`);
    } else if (state === BEFORE_ROOT) {
      this.report(0, 1, 0, 1, this.mode === 'array' ? "the file is empty: expected a JSON array ('[')" : 'the file is empty: expected a JSON value');
    } else if (this.mode === 'array' && state !== DONE) {
      this.report(end, this.line, end, this.line, "the file ends before the array is closed: expected ']' (the file looks truncated)");
    }
  }

  /**
   * Where `line` is relative to the element's first line, in words. Messages never quote absolute
   * lines: a piece of an array scanned apart counts lines from its own start.
   */
  private linesBelow(line: number): string {
    const below = line - this.elementLine;
    return below === 0 ? 'on the line where the element starts' : `${below} line${below === 1 ? '' : 's'} below where the element starts`;
  }

  private report(offset: number, line: number, errorOffset: number, errorLine: number, message: string): void {
    this.sink.onProblem({ offset, line, errorOffset, errorLine, message });
  }

  /** Starts an element at `position` (absolute). */
  private beginElement(position: number): void {
    this.elementStart = position;
    this.elementLine = this.line;
    this.depth = 0;
    if (this.signature === null) {
      this.sample = [];
      this.sampleNext = position;
    }
  }

  /** Adds the element's bytes up to file offset `end` (at most the signature limit) to the sample. */
  private collectSample(bytes: Uint8Array, base: number, end: number): void {
    const sample = this.sample;
    if (sample === null) return;
    const stop = Math.min(end, this.elementStart + SIGNATURE_LIMIT, base + bytes.length);
    for (let at = Math.max(this.sampleNext, base); at < stop; at++) sample.push(bytes[at - base]);
    this.sampleNext = Math.max(this.sampleNext, stop);
  }

  /** Emits the element that ends (exclusive) at absolute `end`, learning its first bytes. */
  protected completeElement(end: number, bytes: Uint8Array, base: number): void {
    this.sink.onRecord(this.elementStart, end, this.elementLine);
    if (this.sample !== null) {
      this.collectSample(bytes, base, end);
      this.samples.push(Uint8Array.from(this.sample));
      this.sample = null;
      if (this.samples.length === SIGNATURE_SAMPLES) this.fixSignature();
    }
  }

  /** The common prefix of the first elements' bytes: what a new element looks like. */
  private fixSignature(): void {
    this.signature = commonPrefix(this.samples);
  }

  /** Reports a structural error at absolute `position` and starts skipping to the next element. */
  protected fail(position: number, message: string): void {
    this.report(this.elementStart, this.elementLine, position, this.line,
      `not valid JSON: ${message} at byte ${position}, ${this.linesBelow(this.line)}; the element was skipped and reading went on at the next one`);
    this.sample = null;
    if (this.signature === null) this.fixSignature();
    this.state = RESYNC;
  }

  /**
   * Looks for the next element start at or after `from` while resynchronizing. Returns the
   * index in `bytes` where scanning resumes (an element start, or `bytes.length`).
   */
  protected resync(bytes: Uint8Array, base: number, from: number): number {
    const signature = this.signature ?? Uint8Array.of(OPEN_BRACE);
    const length = bytes.length;
    let index = from;
    for (;;) {
      const found = bytes.indexOf(signature[0], index);
      const stop = found < 0 ? length : found;
      for (let scan = bytes.indexOf(NEWLINE, index); scan >= 0 && scan < stop; scan = bytes.indexOf(NEWLINE, scan + 1)) this.line++;
      if (found < 0) return length;
      if (found + signature.length > length) {
        this.lastSignificant = lastNonWhitespace(bytes.subarray(0, found), this.lastSignificant);
        this.carry = bytes.slice(found);
        this.carryOffset = base + found;
        return length;
      }
      let matches = true;
      for (let at = 1; at < signature.length; at++) {
        if (bytes[found + at] !== signature[at]) {
          matches = false;
          break;
        }
      }
      if (matches && this.precededBySeparator(bytes, found)) {
        this.state = VALUE;
        this.beginElement(base + found);
        return found;
      }
      index = found + 1;
    }
  }

  /**
   * True when what comes before `index` can end the previous element: a comma (array) or a closer
   * (values), or a line break (a record cut short, e.g. a truncated line, ends at its line's end).
   */
  private precededBySeparator(bytes: Uint8Array, index: number): boolean {
    let back = index - 1;
    while (back >= 0 && WHITESPACE[bytes[back]] === 1) {
      if (bytes[back] === NEWLINE) return true;
      back--;
    }
    const previous = back >= 0 ? bytes[back] : this.lastSignificant;
    if (previous === NEWLINE) return true;
    return this.mode === 'array' ? previous === COMMA : previous === CLOSE_BRACE || previous === CLOSE_BRACKET;
  }

  /** The top-level states: the array's brackets and commas, and what follows its end. */
  protected between(bytes: Uint8Array, base: number, index: number, byte: number, state: number): number {
    this.consumed = 0;
    switch (state) {
      case BEFORE_ROOT:
        if (byte === 0xef && bytes[index + 1] === 0xbb && bytes[index + 2] === 0xbf && base + index === 0) {
          this.consumed = 3; // UTF-8 byte order mark
          return BEFORE_ROOT;
        }
        if (this.mode === 'array') {
          if (byte !== OPEN_BRACKET) {
            this.report(base + index, this.line, base + index, this.line, `expected a JSON array ('[') but found ${describeByte(byte)}`);
            this.state = DONE;
            this.finished = true;
            return -1;
          }
          this.consumed = 1;
          return FIRST_ELEMENT;
        }
        return NEXT_ELEMENT;
      case AFTER_ELEMENT:
        if (this.mode === 'values') return NEXT_ELEMENT;
        if (byte === COMMA) {
          this.consumed = 1;
          return NEXT_ELEMENT;
        }
        if (byte === CLOSE_BRACKET) {
          this.consumed = 1;
          return DONE;
        }
        // A missing comma: keep the next element, report the slip.
        this.report(base + index, this.line, base + index, this.line, `expected ',' or ']' between array elements but found ${describeByte(byte)}; read on as if a comma were there`);
        return NEXT_ELEMENT;
      case FIRST_ELEMENT:
      case NEXT_ELEMENT:
        if (byte === CLOSE_BRACKET && this.mode === 'array') {
          if (state === NEXT_ELEMENT) this.report(base + index, this.line, base + index, this.line, "a trailing comma before ']' (JSON does not allow it); nothing was lost");
          this.consumed = 1;
          return DONE;
        }
        this.beginElement(base + index);
        return VALUE;
      default:
        // DONE: more after the array (files joined with cat, lines appended): read it too.
        if (byte === OPEN_BRACKET) {
          this.report(base + index, this.line, base + index, this.line, 'another array starts after the end of the top-level array (files joined?); its elements were read too');
          this.consumed = 1;
          return FIRST_ELEMENT;
        }
        if (byte === OPEN_BRACE) {
          this.report(base + index, this.line, base + index, this.line, 'objects follow the end of the top-level array (lines appended?); they were read too');
          this.mode = 'values';
          return NEXT_ELEMENT;
        }
        this.report(base + index, this.line, base + index, this.line, `unexpected ${describeByte(byte)} after the end of the top-level array; it was skipped up to the next record, if any`);
        this.mode = 'values';
        this.sample = null;
        if (this.signature === null) this.fixSignature();
        // Stored too: when no element starts before the chunk ends, the next chunk goes on skipping.
        this.state = RESYNC;
        return RESYNC;
    }
  }

  /** Counts the chunk as seen and keeps what resynchronizing and the signature need of it. */
  protected finishChunk(bytes: Uint8Array, base: number): void {
    this.seen = base + bytes.length;
    if (this.sample !== null && this.state >= VALUE) this.collectSample(bytes, base, base + bytes.length);
    if (this.carry === null) this.lastSignificant = lastNonWhitespace(bytes, this.lastSignificant);
  }
}

/**
 * What the sampled elements all start with, up to the first ':' only: the structure (brace,
 * indentation, first key), never a value. `{` when there is no sample.
 */
function commonPrefix(samples: readonly Uint8Array[]): Uint8Array {
  if (samples.length === 0) return Uint8Array.of(OPEN_BRACE);
  const first = samples[0];
  let length = first.indexOf(COLON) < 0 ? first.length : first.indexOf(COLON);
  for (const sample of samples) {
    let same = 0;
    while (same < length && same < sample.length && sample[same] === first[same]) same++;
    length = same;
  }
  return first.slice(0, Math.max(1, length));
}

/** One-shot form: scans a whole buffer and returns the ranges and problems. */
export function scanJson(bytes: Uint8Array, mode: ScanMode): { records: { start: number; end: number; line: number }[]; problems: ScanProblem[] } {
  const records: { start: number; end: number; line: number }[] = [];
  const problems: ScanProblem[] = [];
  const scanner = new JsonScanner(mode, {
    onRecord: (start, end, line) => records.push({ start, end, line }),
    onProblem: (problem) => problems.push(problem),
  });
  scanner.push(bytes, 0);
  scanner.end();
  return { records, problems };
}
