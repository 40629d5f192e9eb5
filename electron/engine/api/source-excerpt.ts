import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';

/** Bytes read on each side of the offset: enough for the context lines of ordinary JSONL. */
const WINDOW_BYTES = 64 * 1024;

/** Lines longer than this are cut around the point of interest (a minified array is one line). */
const LINE_CHARS = 400;

/** Lines of a file around a byte offset. */
export interface Excerpt {
  text: string;
  firstLine: number;
  focusLine: number;
  truncated: boolean;
}

/** Counts line feeds in the first `end` bytes of a file, streaming (a 1 GB shard never sits in memory). */
async function countLineFeeds(path: string, end: number): Promise<number> {
  if (end <= 0) return 0;
  let count = 0;
  for await (const chunk of createReadStream(path, { start: 0, end: end - 1, highWaterMark: 4 * 1024 * 1024 }) as AsyncIterable<Buffer>) {
    let at = chunk.indexOf(10);
    while (at !== -1) {
      count++;
      at = chunk.indexOf(10, at + 1);
    }
  }
  return count;
}

/** Cuts a long line to {@link LINE_CHARS} characters around `column`. */
function cutLine(line: string, column: number): { text: string; cut: boolean } {
  if (line.length <= LINE_CHARS) return { text: line, cut: false };
  const start = Math.max(0, Math.min(column - LINE_CHARS / 2, line.length - LINE_CHARS));
  return { text: `${start > 0 ? '…' : ''}${line.slice(start, start + LINE_CHARS)}${start + LINE_CHARS < line.length ? '…' : ''}`, cut: true };
}

/**
 * Reads the lines around `offset` of a source file: `context` lines before and after the line that
 * holds it, with 1-based line numbers, so a problem's line can be shown where it is.
 */
export async function readExcerpt(path: string, offset: number, context: number): Promise<Excerpt> {
  const handle = await open(path, 'r');
  try {
    const { size } = await handle.stat();
    const focus = Math.min(offset, Math.max(0, size - 1));
    const start = Math.max(0, focus - WINDOW_BYTES);
    const end = Math.min(size, focus + WINDOW_BYTES);
    const buffer = Buffer.alloc(end - start);
    await handle.read(buffer, 0, buffer.length, start);
    const linesBefore = await countLineFeeds(path, start);
    const lines = buffer.toString('utf8').split('\n');
    const focusIndex = buffer.subarray(0, focus - start).toString('utf8').split('\n').length - 1;
    const focusColumn = focus - start - buffer.subarray(0, focus - start).lastIndexOf(10) - 1;
    // The first line of the window may start mid-line; never show it as if it were whole.
    const firstIndex = Math.max(start > 0 ? Math.min(1, focusIndex) : 0, focusIndex - context);
    const lastIndex = Math.min(lines.length - (end < size ? 2 : 1), focusIndex + context);
    let truncated = start > 0 && firstIndex === 0;
    const shown: string[] = [];
    for (let index = firstIndex; index <= Math.max(firstIndex, lastIndex); index++) {
      const { text, cut } = cutLine((lines[index] ?? '').replace(/\r$/, ''), index === focusIndex ? focusColumn : 0);
      truncated ||= cut;
      shown.push(text);
    }
    return { text: shown.join('\n'), firstLine: linesBefore + firstIndex + 1, focusLine: linesBefore + focusIndex + 1, truncated };
  } finally {
    await handle.close();
  }
}
