import { isUtf8 } from 'node:buffer';
import { findInvalidUtf8 } from '../../shared/text/utf8';
import { BatchBuilder } from './batch-builder';
import type { ParseRecordsRequest, RecordBatch } from './protocol';
import { splitPiece } from './split-piece';

/**
 * The `parse-records` task: finds the records of a piece of an array (split-piece.ts), then
 * decodes, parses, validates and summarizes each. A record that is not UTF-8, not JSON or not valid in the source's format
 * becomes a problem located at its line and byte; the others are unaffected.
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
  const { starts, ends, lines } = ranges;
  const count = starts.length;
  const builder = new BatchBuilder(ranges, request.format, request.context, request.previewChars);
  for (let index = 0; index < count; index++) {
    const start = starts[index];
    const end = ends[index];
    const location = { line: lines[index], offset: base + start };
    if (!allUtf8) {
      const bad = findInvalidUtf8(bytes, start, end);
      if (bad >= 0) {
        builder.fail(index, location, `the record is not valid UTF-8: byte 0x${bytes[bad].toString(16)} at byte ${base + bad}${linesInto(bytes, start, bad)} does not start a UTF-8 character; the file may be in another encoding (convert it, e.g. iconv -f latin1 -t utf-8); the record was skipped`);
        continue;
      }
    }
    const text = bytes.toString('utf8', start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      if (piece) return rescan();
      builder.fail(index, location, describeJsonError(text, error, location.offset));
      continue;
    }
    builder.addValue(index, value, location);
  }
  return builder.build();
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
