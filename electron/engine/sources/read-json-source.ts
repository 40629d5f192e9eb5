/**
 * Reads one JSON source (array, JSON Lines, or one or more top-level objects) in a stream of
 * 4 MiB chunks, each hashed (sha256) on this thread and sent to a worker as one batch, the buffer
 * transferred, not copied; the bytes of a record cut by the chunk end are carried into the next
 * chunk's buffer. Batches finish in order into the record index; at most two per worker are in
 * flight, which bounds memory.
 *
 * Two ways to find the records:
 * - pieces: a pretty-printed array whose elements all start at the same indentation on a line of
 *   their own (as FastChat writes ShareGPT) is cut at the last `\n<indent>{` of each chunk, which
 *   can only be an element start (a raw line break never occurs inside a JSON string), and each
 *   worker splits its piece at those separators (split-piece.ts), so nothing is scanned byte by
 *   byte unless it is broken. Lines are not counted then: the problems listed get their lines
 *   from one pass over the file at the end (only when there are problems).
 * - ranges: otherwise this thread scans (JsonScanner) or splits lines (LineSplitter) and sends
 *   the byte range of each record.
 */
import { createHash } from 'node:crypto';
import type { FileHandle } from 'node:fs/promises';
import { JsonScanner, type ScanProblem } from '../../../shared/text/json-scanner';
import { LineSplitter } from '../../../shared/text/line-splitter';
import { BatchFlow, type BatchFlowContext } from './batch-flow';
import type { FormatDecision } from './format-decision';
import type { SourceStats } from './source-stats';

/** Bytes read per chunk: about one worker batch (4–8 MB works best; docs/ingest.md). */
export const DEFAULT_CHUNK_BYTES = 4 << 20;
/** An unfinished record longer than this is not carried from chunk to chunk but read again once it ends. */
export const HOLD_BYTES = 16 << 20;

/** What reading a JSON source needs. */
export interface JsonReadContext extends BatchFlowContext {
  handle: FileHandle;
  size: number;
  container: 'array' | 'jsonl' | 'object';
  /** How JSON Lines end (CR alone for a file with no line feed). */
  lineEnd?: 'lf' | 'cr';
  chunkBytes: number;
  /** Whether arrays may be cut into pieces that workers split (default true). */
  pieces?: boolean;
  /** Called after each chunk with the bytes read so far. */
  onBytes?: (bytes: number) => void;
}

/** The result: the content hash and the format decision. */
export interface JsonReadResult {
  hash: string;
  decision: FormatDecision;
}

/** Reads a JSON source into the index; see the module comment. */
export async function readJsonSource(context: JsonReadContext): Promise<JsonReadResult> {
  const { handle, size, stats, chunkBytes } = context;
  const hash = createHash('sha256');
  const flow = new BatchFlow(context);
  let starts: number[] = [];
  let ends: number[] = [];
  let lines: number[] = [];
  const onRecord = (start: number, end: number, line: number): void => {
    starts.push(start);
    ends.push(end);
    lines.push(line);
  };
  const onProblem = (problem: ScanProblem): void => stats.addProblem({ line: problem.line, offset: problem.offset, message: problem.message });
  let splitter: JsonScanner | LineSplitter | null = null;
  let separator: Buffer | null = null;
  let signature: Uint8Array = new Uint8Array(0);
  let carry: Buffer | null = null;
  let position = 0;
  while (position < size) {
    context.signal?.throwIfAborted();
    const carried: number = carry === null ? 0 : carry.length;
    // A record longer than a chunk: read as much again as is carried, so that a huge record costs
    // a few doublings of its buffer, not one copy of everything so far per chunk.
    const buffer = Buffer.allocUnsafeSlow(carried + Math.min(Math.max(chunkBytes, carried), size - position));
    if (carry !== null) carry.copy(buffer, 0);
    const base: number = position - carried;
    const { bytesRead } = await handle.read(buffer, carried, buffer.length - carried, position);
    if (bytesRead === 0) break;
    const fresh = buffer.subarray(carried, carried + bytesRead);
    hash.update(fresh);
    const end = carried + bytesRead;
    const last = position + bytesRead >= size;
    if (position === 0) {
      if (context.container === 'array' && context.pieces !== false) ({ separator, signature } = probeArray(fresh, last, flow));
      if (separator === null) splitter = context.container === 'jsonl' ? new LineSplitter(onRecord, context.lineEnd) : new JsonScanner(context.container === 'array' ? 'array' : 'values', { onRecord, onProblem });
    }
    position += bytesRead;
    if (splitter === null && separator !== null) {
      // Cut at the last element start of the chunk (not at the buffer's start: that is no progress).
      const found = last ? -1 : buffer.lastIndexOf(separator, end - separator.length);
      const cut = last ? end : found > 0 ? found + separator.length - 1 : -1;
      if (cut <= 0) {
        carry = Buffer.from(buffer.subarray(0, end));
      } else {
        carry = cut < end ? Buffer.from(buffer.subarray(cut, end)) : null;
        await flow.addPiece({ buffer, length: cut, base, first: base === 0, last, separator, signature });
      }
    } else if (splitter !== null) {
      splitter.push(fresh, base + carried);
      if (last) splitter.end();
      const open = last ? -1 : splitter.openStart;
      if (starts.length > 0 && starts[0] < base) {
        // The record that was let go (below): read again on its own, in one buffer of its size.
        await flow.addRanges({ buffer: await readRecord(handle, starts[0], ends[0]), base: starts[0], starts: starts.splice(0, 1), ends: ends.splice(0, 1), lines: lines.splice(0, 1) });
      }
      // Copy the unfinished record out before the buffer is transferred to a worker (a buffer that
      // holds only the unfinished record stays here: keep a view of it, no copy). A record longer
      // than HOLD_BYTES is let go instead: the splitter goes on over the next chunks alone, and the
      // record is read again once its end is known, so a huge record is held once, not in buffers
      // doubling as it grows (docs/scale.md, "One huge record").
      carry = open < 0 || open < base || position - open > HOLD_BYTES ? null : starts.length > 0 ? Buffer.from(buffer.subarray(open - base, end)) : buffer.subarray(open - base, end);
      if (starts.length > 0) {
        await flow.addRanges({ buffer, base, starts, ends, lines });
        starts = [];
        ends = [];
        lines = [];
      }
    }
    context.onBytes?.(position);
  }
  const decision = await flow.finish();
  await countProblemLines(handle, stats);
  return { hash: hash.digest('hex'), decision };
}

/** The bytes `[start, end)` of the file in a buffer of their own (its ArrayBuffer is transferred to a worker). */
async function readRecord(handle: FileHandle, start: number, end: number): Promise<Buffer> {
  const buffer = Buffer.allocUnsafeSlow(end - start);
  for (let done = 0; done < buffer.length; ) {
    const { bytesRead } = await handle.read(buffer, done, buffer.length - done, start + done);
    if (bytesRead === 0) throw new Error(`the file ended at byte ${start + done} while reading a record again (did it change while it was read?)`);
    done += bytesRead;
  }
  return buffer;
}

/**
 * Gives a line to the listed problems and finding examples that have none (0), counting line
 * breaks from the start of the file up to the last of them.
 */
async function countProblemLines(handle: FileHandle, stats: SourceStats): Promise<void> {
  const pending: { line: number; offset: number }[] = stats.errors.filter((problem) => problem.line === 0);
  for (const entry of stats.findings.values()) for (const example of entry.examples) if (example.line === 0) pending.push(example);
  if (pending.length === 0) return;
  const last = pending.reduce((furthest, problem) => Math.max(furthest, problem.offset), 0);
  const offsets = [...new Set(pending.map((problem) => problem.offset))].sort((a, b) => a - b);
  const lineAt = new Map<number, number>();
  const buffer = Buffer.allocUnsafe(4 << 20);
  let line = 1;
  let next = 0;
  for (let position = 0; position <= last && next < offsets.length; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) break;
    const stop = Math.min(bytesRead, last + 1 - position);
    let from = 0;
    while (next < offsets.length && offsets[next] - position < stop) {
      line += countNewlines(buffer, from, offsets[next] - position);
      from = offsets[next] - position;
      lineAt.set(offsets[next++], line);
    }
    line += countNewlines(buffer, from, bytesRead);
    position += bytesRead;
  }
  for (const problem of pending) problem.line = lineAt.get(problem.offset) ?? line;
}

/** Line breaks in `buffer[from, to)`. */
function countNewlines(buffer: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = from; at < to; at++) if (buffer[at] === 0x0a) count++;
  return count;
}

/**
 * Looks at the first chunk of an array: decides the format from its first records and, when
 * every element there starts on a line of its own at one indentation, returns the separator
 * (`\n<indent>{`) that cuts the file into pieces (null when the array must be scanned here) and
 * the signature the scanner learned from the first elements.
 */
function probeArray(chunk: Buffer, wholeFile: boolean, flow: BatchFlow): { separator: Buffer | null; signature: Uint8Array } {
  const records: { start: number; end: number }[] = [];
  const probe = new JsonScanner('array', { onRecord: (start, end) => records.push({ start, end }), onProblem: () => undefined });
  probe.push(chunk, 0);
  const signature = probe.elementSignature;
  const separator = separatorOf(chunk, records, wholeFile, flow);
  return { separator, signature };
}

/** The separator of {@link probeArray}, or null. */
function separatorOf(chunk: Buffer, records: { start: number; end: number }[], wholeFile: boolean, flow: BatchFlow): Buffer | null {
  if (records.length < 2 && !wholeFile) return null;
  const samples: unknown[] = [];
  for (const record of records.slice(0, 32)) {
    try {
      samples.push(JSON.parse(chunk.toString('utf8', record.start, record.end)));
    } catch {
      // reported with its line when the batch is parsed
    }
  }
  if (!flow.decide(samples) || records.length < 2) return null;
  const first = records[0].start;
  const lineStart = chunk.lastIndexOf(0x0a, first) + 1;
  if (lineStart === 0 || chunk[first] !== 0x7b) return null;
  const indent = chunk.subarray(lineStart, first);
  if (!indent.every((byte) => byte === 0x20 || byte === 0x09)) return null;
  const separator = Buffer.concat([Buffer.of(0x0a), indent, Buffer.of(0x7b)]);
  // Every element starts after the separator, and the separator occurs nowhere else.
  let occurrences = 0;
  const stop = records[records.length - 1].end;
  for (let at = chunk.indexOf(separator); at >= 0 && at < stop; at = chunk.indexOf(separator, at + 1)) occurrences++;
  const aligned = records.every((record) => chunk.compare(separator, 0, separator.length, record.start - separator.length + 1, record.start + 1) === 0);
  return aligned && occurrences === records.length ? separator : null;
}
