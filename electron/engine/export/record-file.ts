import { createHash, type Hash } from 'node:crypto';
import type { ExportContainer } from '../../../shared/export/settings';
import { openAtomicFile, type AtomicFile } from './atomic-file';
import { jsonPieces } from './json-pieces';

/** A finished output file: what the manifest lists. */
export interface WrittenFile {
  path: string;
  records: number;
  bytes: number;
  /** SHA-256 of the bytes written, hex. */
  sha256: string;
}

/** Writes records to a file as they come, hashing the bytes on the way, and replaces the target atomically. */
export interface RecordFile {
  /** The file it replaces when committed. */
  readonly target: string;
  /**
   * Appends one record (serialized with `JSON.stringify`, so a record keeps its own key order).
   * `large`: serialized, hashed and written in pieces of about a megabyte, never as one string
   * (docs/scale.md, "One huge record"); the same bytes.
   */
  write(record: unknown, large?: boolean): Promise<void>;
  /** Flushes, fsyncs and closes; the target is not replaced until {@link RecordFile.commit}. */
  finish(): Promise<WrittenFile>;
  /** Finishes if needed and renames the file over the target. */
  commit(): Promise<WrittenFile>;
  /** Drops the temporary file; the target keeps its old content. */
  abort(): Promise<void>;
}

/** Bytes gathered before one write to disk: large enough to amortize syscalls, small next to a record index. */
const FLUSH_BYTES = 1 << 20;

/**
 * Opens a streaming writer for `target`. Containers are written with `\n` line ends and nothing that
 * varies between runs, so the same records give the same bytes:
 * - `jsonl`: one record per line, each line ending in `\n`;
 * - `json-array`: `[\n` + records joined by `,\n` + `\n]\n` (`[]\n` when empty), one record a line,
 *   so even a 1 GB array can be read line by line and diffed.
 */
export async function openRecordFile(target: string, container: ExportContainer): Promise<RecordFile> {
  const file: AtomicFile = await openAtomicFile(target);
  const hash: Hash = createHash('sha256');
  let pending: string[] = [];
  let pendingLength = 0;
  let records = 0;
  let bytes = 0;
  let result: WrittenFile | undefined;

  async function flush(): Promise<void> {
    if (pending.length === 0) return;
    const chunk = Buffer.from(pending.join(''), 'utf8');
    pending = [];
    pendingLength = 0;
    hash.update(chunk);
    bytes += chunk.length;
    await file.write(chunk);
  }

  function append(text: string): void {
    pending.push(text);
    pendingLength += text.length;
  }

  async function finish(): Promise<WrittenFile> {
    if (result) return result;
    if (container === 'json-array') append(records === 0 ? '[]\n' : '\n]\n');
    await flush();
    await file.finish();
    result = { path: target, records, bytes, sha256: hash.digest('hex') };
    return result;
  }

  return {
    target,
    async write(record, large = false) {
      if (result) throw new Error(`write after finish: ${target}`);
      if (large) {
        if (record === undefined) throw new TypeError(`record ${records} of ${target} is not JSON-serializable`);
        if (container === 'json-array') append(records === 0 ? '[\n' : ',\n');
        for (const piece of jsonPieces(record)) {
          append(piece);
          if (pendingLength >= FLUSH_BYTES) await flush();
        }
        if (container === 'jsonl') append('\n');
        records++;
        if (pendingLength >= FLUSH_BYTES) await flush();
        return;
      }
      const json = JSON.stringify(record);
      if (json === undefined) throw new TypeError(`record ${records} of ${target} is not JSON-serializable`);
      if (container === 'jsonl') append(`${json}\n`);
      else append(`${records === 0 ? '[\n' : ',\n'}${json}`);
      records++;
      // Counting UTF-16 units is enough to bound the buffer; the exact byte count comes from the flush.
      if (pendingLength >= FLUSH_BYTES) await flush();
    },
    finish,
    async commit() {
      const written = await finish();
      await file.commit();
      return written;
    },
    abort: () => file.abort(),
  };
}
