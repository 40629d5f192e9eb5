import { isUtf8 } from 'node:buffer';
import { findInvalidUtf8 } from '../../shared/text/utf8';
import { BatchBuilder } from './batch-builder';
import type { ParseRecordsRequest, RecordBatch } from './protocol';

/**
 * The `parse-records` task: decodes, parses, validates and summarizes each record of a batch.
 * A record that is not UTF-8, not JSON or not valid in the source's format becomes a problem
 * located at its line and byte; the others are unaffected.
 */
export function parseRecords(request: ParseRecordsRequest): RecordBatch {
  const { starts, ends, lines, base, firstOrdinal } = request;
  const count = starts.length;
  const bytes = Buffer.from(request.buffer);
  const builder = new BatchBuilder(count, request.format, request.context, request.previewChars);
  // One simdutf pass over the whole batch; record by record only when it fails.
  const allUtf8 = count === 0 || isUtf8(bytes.subarray(starts[0], ends[count - 1]));
  for (let index = 0; index < count; index++) {
    const start = starts[index];
    const end = ends[index];
    const location = { line: lines[index], offset: base + start, ordinal: firstOrdinal + index };
    if (!allUtf8) {
      const bad = findInvalidUtf8(bytes, start, end);
      if (bad >= 0) {
        const line = location.line + countNewlines(bytes, start, bad);
        builder.fail(index, location, `record ${location.ordinal} is not valid UTF-8: byte 0x${bytes[bad].toString(16)} at line ${line} (byte ${base + bad}) does not start a UTF-8 character; the file may be in another encoding (convert it, e.g. iconv -f latin1 -t utf-8); the record was skipped`);
        continue;
      }
    }
    const text = bytes.toString('utf8', start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      builder.fail(index, location, describeJsonError(text, error, location));
      continue;
    }
    builder.addValue(index, value, location);
  }
  return builder.build();
}

/** How many line breaks `bytes[from, to)` holds. */
function countNewlines(bytes: Buffer, from: number, to: number): number {
  let count = 0;
  for (let at = bytes.indexOf(0x0a, from); at >= 0 && at < to; at = bytes.indexOf(0x0a, at + 1)) count++;
  return count;
}

/** Turns a JSON.parse error into a message with the line, column and byte where the record breaks. */
export function describeJsonError(text: string, error: unknown, location: { line: number; offset: number; ordinal: number }): string {
  const raw = error instanceof Error ? error.message : String(error);
  const match = /position (\d+)/.exec(raw);
  const reason = raw.replace(/ in JSON at position \d+.*$/s, '').replace(/, "[\s\S]*" is not valid JSON$/, ' (not valid JSON)');
  const cut = /Unexpected end of JSON input|Unterminated string/.test(raw) ? '; the record is cut short (a truncated line or file?)' : '';
  if (match === null) return `record ${location.ordinal} is not valid JSON: ${reason}${cut}; the record was skipped`;
  const position = Number(match[1]);
  const before = text.slice(0, position);
  const lineInRecord = before.split('\n').length - 1;
  const column = position - (before.lastIndexOf('\n') + 1) + 1;
  const byteOffset = location.offset + Buffer.byteLength(before);
  return `record ${location.ordinal} is not valid JSON: ${reason} at line ${location.line + lineInRecord}, column ${column} (byte ${byteOffset})${cut}; the record was skipped`;
}
