import { isUtf8 } from 'node:buffer';
import { DEPTH_CHECK_BYTES, exceedsDepth, MAX_DEPTH } from '../../shared/text/json-depth';
import { scanJson } from '../../shared/text/json-scanner';
import { findInvalidUtf8 } from '../../shared/text/utf8';
import { parseJsonBytes } from '../engine/sources/json-bytes';
import { describeInvalidMark, INVALID_MARK } from '../engine/sources/text-decoders';
import type { TextEncoding } from '../engine/sources/sniff-bytes';
import { BatchBuilder } from './batch-builder';
import type { ParseRecordsRequest, RecordBatch } from './protocol';
import { splitPiece } from './split-piece';

/** One record found in the batch: parsed, or the problem that keeps it out. */
/** A record found in the batch (with its key in a keyed container), or a problem. */
type Item = { start: number; end: number; line: number } & ({ value: unknown; key?: string } | { problem: string } | { between: string });

/**
 * The `parse-records` task: finds the records of a piece of an array (split-piece.ts), then
 * decodes, parses, validates and summarizes each. A record that is too large, not UTF-8, not JSON,
 * nested deeper than the limit or not valid in the source's format becomes a problem located at
 * its line and byte; the others are unaffected. A line of JSON Lines that holds several values
 * (`{...}{...}`, or records parted by a lone CR) gives each of them (docs/ingest.md, "Containers").
 */
export function parseRecords(request: ParseRecordsRequest): RecordBatch {
  const { base } = request;
  const bytes = Buffer.from(request.buffer, 0, request.length);
  // One simdutf pass over the whole batch; record by record only when it fails.
  const allUtf8 = isUtf8(bytes);
  const piece = request.ranges === undefined;
  const ranges = request.ranges ?? (request.scan ? splitPiece(bytes, base, request.scan) : null);
  // A piece that does not split cleanly: the engine reads the file again, scanning it itself.
  const rescan = (): RecordBatch => ({ ...new BatchBuilder(emptyRanges(), request.format, request.context, request.previewChars).build(), rescan: true });
  if (ranges === null) return rescan();
  const items: Item[] = [];
  const encoding = (request.encoding ?? 'utf-8') as TextEncoding;
  for (let index = 0; index < ranges.starts.length; index++) {
    let start = ranges.starts[index];
    // A byte order mark at the start of a line (files joined with cat): the record starts after it,
    // so that every later read of its bytes (pipeline, export, viewer) parses.
    if (bytes[start] === 0xef && bytes[start + 1] === 0xbb && bytes[start + 2] === 0xbf && start + 3 <= ranges.ends[index]) start += 3;
    const end = ranges.ends[index];
    const line = ranges.lines[index];
    const fail = (problem: string): void => void items.push({ start, end, line, problem });
    if (end - start > request.maxRecordBytes) {
      fail(`the record is ${end - start} bytes, more than the ${request.maxRecordBytes} bytes a record may have (docs/ingest.md, "Limits"); the record was skipped`);
      continue;
    }
    if (!allUtf8) {
      const bad = findInvalidUtf8(bytes, start, end);
      if (bad >= 0) {
        fail(describeBadByte(bytes, start, bad, base, encoding));
        continue;
      }
    }
    let value: unknown;
    try {
      // The batch's bytes are dropped once parsed: a huge record's long strings are decoded in
      // them (docs/scale.md, "One huge record"); a record that does not parse is left as it was.
      value = parseJsonBytes(bytes, start, end, { consume: true });
    } catch (error) {
      if (piece) return rescan();
      if (!splitValues(bytes, start, end, line, base, items)) fail(describeJsonError(bytes.toString('utf8', start, end), error, base + start));
      continue;
    }
    if (end - start > DEPTH_CHECK_BYTES && exceedsDepth(value)) {
      fail(`the record nests objects and arrays deeper than ${MAX_DEPTH} levels (docs/ingest.md, "Limits"); the record was skipped`);
      continue;
    }
    const key = request.keys?.[index];
    items.push(key === undefined ? { start, end, line, value } : { start, end, line, value, key });
  }
  const builder = new BatchBuilder(
    { starts: Uint32Array.from(items, (item) => item.start), ends: Uint32Array.from(items, (item) => item.end), lines: Uint32Array.from(items, (item) => item.line) },
    request.format,
    request.context,
    request.previewChars,
  );
  items.forEach((item, index) => {
    const location = { line: item.line, offset: base + item.start };
    if ('value' in item) builder.addValue(index, item.value, location, item.key);
    else if ('problem' in item) builder.fail(index, location, item.problem);
    else builder.failBetween(location, item.between);
  });
  return builder.build();
}

/**
 * Splits a line that is not one JSON value into the values it holds (`{...}{...}`, `{...}\r{...}`,
 * `{...} garbage`): adds each object or array found (parsed, depth-checked) and the broken parts
 * as problems between records. False, adding nothing, when no object or array is found.
 */
function splitValues(bytes: Buffer, start: number, end: number, line: number, base: number, items: Item[]): boolean {
  const { records, problems } = scanJson(bytes.subarray(start, end), 'values');
  const found = records.filter((record) => bytes[start + record.start] === 0x7b || bytes[start + record.start] === 0x5b);
  if (found.length === 0) return false;
  const added: Item[] = [];
  for (const record of found) {
    const from = start + record.start;
    const to = start + record.end;
    const text = bytes.toString('utf8', from, to);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      added.push({ start: from, end: to, line, problem: describeJsonError(text, error, base + from) });
      continue;
    }
    if (exceedsDepth(value)) added.push({ start: from, end: to, line, problem: `the record nests objects and arrays deeper than ${MAX_DEPTH} levels (docs/ingest.md, "Limits"); the record was skipped` });
    else added.push({ start: from, end: to, line, value });
  }
  for (const problem of problems) {
    const message = problem.message.replace(/at byte (\d+)/, (_, at: string) => `at byte ${base + start + Number(at)}`);
    added.push({ start: start + problem.offset, end: start + problem.offset, line, between: `on a line holding several values: ${message}` });
  }
  added.sort((first, second) => first.start - second.start);
  for (const item of added) items.push(item);
  return true;
}

/** The message for a record holding a byte that is not UTF-8 (or a mark left by the decoders of UTF-16 and UTF-32). */
function describeBadByte(bytes: Buffer, start: number, bad: number, base: number, encoding: TextEncoding): string {
  const where = `at byte ${base + bad}${linesInto(bytes, start, bad)}`;
  if (encoding !== 'utf-8' && bytes[bad] === INVALID_MARK) return `the record holds ${describeInvalidMark(encoding)} ${where}; the record was skipped`;
  return `the record is not valid UTF-8: byte 0x${bytes[bad].toString(16)} ${where} does not start a UTF-8 character; the file may be in another encoding (convert it, e.g. iconv -f latin1 -t utf-8); the record was skipped`;
}

function emptyRanges(): { starts: Uint32Array; ends: Uint32Array; lines: Uint32Array } {
  return { starts: new Uint32Array(0), ends: new Uint32Array(0), lines: new Uint32Array(0) };
}

/** `, n lines into the record` when the byte is below the record's first line. */
function linesInto(bytes: Buffer, from: number, to: number): string {
  let count = 0;
  for (let at = bytes.indexOf(0x0a, from); at >= 0 && at < to; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count === 0 ? '' : ` (${count} line${count === 1 ? '' : 's'} into the record)`;
}

/** Turns a JSON.parse error into a message with the byte, line and column where the record breaks. */
export function describeJsonError(text: string, error: unknown, offset: number): string {
  const raw = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(raw);
  const reason = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, "[\s\S]*" is not valid JSON$/, ' (not valid JSON)');
  const cut = /Unexpected end of JSON input|Unterminated string/.test(raw) ? '; the record is cut short (a truncated line or file?)' : '';
  if (match === null) return `the record is not valid JSON: ${reason}${cut}; the record was skipped`;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const lineInRecord = before.split('\n').length;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  return `the record is not valid JSON: ${reason} at byte ${offset + Buffer.byteLength(before)} (line ${lineInRecord}, column ${column} of the record)${cut}; the record was skipped`;
}
