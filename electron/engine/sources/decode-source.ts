/**
 * Turns a gzip file, or text in UTF-16 or UTF-32, into a UTF-8 file in the engine's cache folder,
 * streaming (Node's zlib; the decoders of text-decoders.ts), so that the readers, the pipeline and
 * the export read it by byte offset like any other shard. The source keeps its own path and the
 * hash of its bytes on disk; offsets of its problems count bytes of the decoded text (lines are the
 * file's lines). A damaged or cut gzip stream keeps what was decoded before the damage and says
 * where it stopped. See docs/ingest.md, "Encodings and compression".
 */
import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { Readable, pipeline } from 'node:stream';
import { constants, createGunzip } from 'node:zlib';
import type { Problem } from '../../../shared/schema/problem';
import { sniffBytes, type TextEncoding } from './sniff-bytes';
import { decoderFor } from './text-decoders';

/** A decoded source. */
export interface DecodedSource {
  compression: 'gzip' | null;
  encoding: TextEncoding;
  /** sha256 of the file's bytes as they are on disk. */
  hash: string;
  /** What stopped the decoding early, as problems of the whole file (offsets in the decoded text). */
  problems: Omit<Problem, 'file'>[];
  /** A reason the decoded data holds nothing to read (compressed twice, an archive inside gzip...), or null. */
  refused: string | null;
}

/** What decoding one file needs. */
export interface DecodeRequest {
  path: string;
  /** Where the UTF-8 text goes. */
  target: string;
  gzip: boolean;
  signal?: AbortSignal;
  /** Bytes of the file read so far. */
  onBytes?: (bytes: number) => void;
}

/** zlib's reasons, in words a user can act on. */
function describeGzipError(error: Error, decoded: number): string {
  const reason = error.message;
  if (/unexpected end of file/i.test(reason)) return `the gzip data ends early (the file is cut short?): the ${decoded} bytes of text before the cut were read, the rest is missing`;
  if (/incorrect header check/i.test(reason) && decoded > 0) return `bytes after the end of the gzip data are not gzip (trailing garbage?): the ${decoded} bytes of text before them were read`;
  if (/incorrect data check|invalid distance|invalid (block|code|stored)|too many length/i.test(reason)) return `the gzip data is damaged (zlib: ${reason}): records decoded before the damage were read, the rest of the file was not`;
  return `the gzip data cannot be decompressed (zlib: ${reason}): ${decoded} bytes of text were read`;
}

/**
 * Decodes `request.path` into `request.target`; see the module comment. A gzip stream that ends
 * early is decoded a second time flushing at its end, which gives every byte it holds (the first
 * pass stops at zlib's error and loses its last output buffer).
 */
export async function decodeSource(request: DecodeRequest): Promise<DecodedSource> {
  const first = await decodeOnce(request, constants.Z_FINISH);
  if (!first.truncated) return first.source;
  const again = await decodeOnce({ ...request, onBytes: undefined }, constants.Z_SYNC_FLUSH);
  again.source.problems.push({ line: again.lines, offset: again.decoded, message: describeGzipError(first.truncated, again.decoded) });
  return again.source;
}

/** One decoding pass; `truncated` is zlib's error when the gzip stream ended early. */
async function decodeOnce(request: DecodeRequest, finishFlush: number): Promise<{ source: DecodedSource; decoded: number; lines: number; truncated: Error | null }> {
  const hash = createHash('sha256');
  let read = 0;
  async function* file(): AsyncGenerator<Buffer> {
    for await (const chunk of createReadStream(request.path, { highWaterMark: 1 << 20, signal: request.signal })) {
      hash.update(chunk as Buffer);
      read += (chunk as Buffer).length;
      request.onBytes?.(read);
      yield chunk as Buffer;
    }
  }
  let source: AsyncIterable<Buffer> = file();
  if (request.gzip) {
    const gunzip = createGunzip({ finishFlush });
    pipeline(Readable.from(source), gunzip, () => undefined); // errors surface through the iteration below
    source = gunzip;
  }
  const out = createWriteStream(request.target);
  const outFailed = once(out, 'error').then(([error]) => Promise.reject(error as Error));
  outFailed.catch(() => undefined);
  const write = async (bytes: Buffer): Promise<void> => {
    if (bytes.length > 0 && !out.write(bytes)) await Promise.race([once(out, 'drain'), outFailed]);
  };
  const problems: DecodedSource['problems'] = [];
  let encoding: TextEncoding = 'utf-8';
  let decoder: ReturnType<typeof decoderFor> = null;
  let refused: string | null = null;
  let head: Buffer | null = Buffer.alloc(0);
  let decoded = 0;
  let lines = 1;
  let truncated: Error | null = null;
  const emit = async (bytes: Buffer): Promise<void> => {
    decoded += bytes.length;
    for (let at = bytes.indexOf(0x0a); at >= 0; at = bytes.indexOf(0x0a, at + 1)) lines++;
    await write(bytes);
  };
  try {
    for await (const chunk of source) {
      if (refused !== null) continue; // drain the file for its hash
      let bytes = chunk;
      if (head !== null) {
        // Sniff the decoded text's first bytes once (at least 4 of them, or the whole text).
        head = Buffer.concat([head, bytes]);
        if (head.length < 4) continue;
        const sniffed = sniffBytes(head);
        if (sniffed.kind === 'gzip') refused = 'the decompressed data is gzip again (compressed twice): decompress it once with gunzip and open the result';
        else if (sniffed.kind === 'foreign') refused = `the decompressed data is ${sniffed.what}: ${sniffed.advice}`;
        else {
          encoding = sniffed.encoding;
          decoder = decoderFor(encoding);
          bytes = decoder === null ? head : head.subarray(sniffed.bom);
        }
        head = null;
        if (refused !== null) continue;
      }
      await emit(decoder === null ? bytes : decoder.push(bytes));
    }
    if (head !== null && head.length > 0) {
      const sniffed = sniffBytes(head);
      if (sniffed.kind === 'text') {
        encoding = sniffed.encoding;
        decoder = decoderFor(encoding);
        await emit(decoder === null ? head : decoder.push(head.subarray(sniffed.bom)));
      } else refused = 'the decompressed data is not text';
    }
    if (decoder !== null) await emit(decoder.end());
  } catch (error) {
    request.signal?.throwIfAborted();
    if (!request.gzip || !(error instanceof Error) || (error as { code?: string }).code?.startsWith('Z_') !== true) throw error;
    if (decoder !== null) await emit(decoder.end());
    if (/unexpected end of file/i.test(error.message)) truncated = error;
    else problems.push({ line: lines, offset: decoded, message: describeGzipError(error, decoded) });
    // Hash the rest of the file (reading stopped at the damage).
    for await (const chunk of createReadStream(request.path, { start: read, highWaterMark: 1 << 20, signal: request.signal })) hash.update(chunk as Buffer);
  } finally {
    out.end();
    await Promise.race([once(out, 'finish'), outFailed]);
  }
  return { source: { compression: request.gzip ? 'gzip' : null, encoding, hash: hash.digest('hex'), problems, refused }, decoded, lines, truncated };
}
