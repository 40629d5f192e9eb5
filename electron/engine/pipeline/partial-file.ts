/**
 * The file of a partial result (docs/scale.md, "Shards"): a self-describing container of typed
 * columns. Layout, every number little-endian:
 *
 *   8 bytes   magic `AMXPART\n`
 *   4 bytes   format version ({@link PARTIAL_VERSION})
 *   4 bytes   header length H
 *   H bytes   header: UTF-8 JSON (what the partial is, and where each section lies)
 *   sections  each at an offset that is a multiple of 8: raw typed arrays, or UTF-8 JSON
 *   8 bytes   magic `AMXEND\n\0`
 *   32 bytes  SHA-256 of every byte before this trailer
 *
 * The file is written to a temporary file beside its name and renamed into place once complete and
 * fsynced, so a killed shard leaves no file under the partial's name; a truncated or altered file
 * fails the size or checksum check before any column is read.
 */
import { createHash } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { openAtomicFile } from '../export/atomic-file';

/** The format version this build writes and reads. */
export const PARTIAL_VERSION = 2;
const MAGIC = Buffer.from('AMXPART\n', 'latin1');
const END = Buffer.from('AMXEND\n\0', 'latin1');
const TRAILER = END.length + 32;

/** Element types of sections. */
export type SectionType = 'f64' | 'i32' | 'u32' | 'u8' | 'json';
const WIDTH: Record<SectionType, number> = { f64: 8, i32: 4, u32: 4, u8: 1, json: 1 };
type Typed = Float64Array | Int32Array | Uint32Array | Uint8Array;
const ARRAYS: Record<Exclude<SectionType, 'json'>, new (buffer: ArrayBuffer, offset: number, length: number) => Typed> = { f64: Float64Array, i32: Int32Array, u32: Uint32Array, u8: Uint8Array };

/** Where a section lies: `length` elements of `type` from byte `offset`. */
export interface SectionEntry {
  name: string;
  type: SectionType;
  offset: number;
  length: number;
}

/** A section to write: its elements given as chunks (one array, or a producer of chunks for large ones). */
export interface SectionSource {
  name: string;
  type: SectionType;
  length: number;
  chunks: () => Iterable<Typed>;
}

/** A partial that cannot be used: the file, and what is wrong with it. */
export class PartialError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'PartialError';
  }
}

const padding = (offset: number): number => (8 - (offset % 8)) % 8;

/** A JSON section. */
export function jsonSection(name: string, value: unknown): SectionSource {
  const bytes = Buffer.from(JSON.stringify(value), 'utf8');
  return { name, type: 'json', length: bytes.length, chunks: () => [bytes] };
}

/** A section of one typed array. */
export function arraySection(name: string, type: Exclude<SectionType, 'json'>, array: Typed): SectionSource {
  return { name, type, length: array.length, chunks: () => [array] };
}

/** Writes `header` and `sections` to `path` atomically (see the module comment). */
export async function writePartialFile(path: string, header: Record<string, unknown>, sections: readonly SectionSource[]): Promise<void> {
  // Offsets depend on the header's length, which holds the offsets: lay out with a header padded to a fixed size.
  const entries: SectionEntry[] = [];
  const draft = (base: number): Buffer => {
    entries.length = 0;
    let offset = base;
    for (const section of sections) {
      offset += padding(offset);
      entries.push({ name: section.name, type: section.type, offset, length: section.length });
      offset += section.length * WIDTH[section.type];
    }
    return Buffer.from(JSON.stringify({ ...header, sections: entries }), 'utf8');
  };
  let headerBytes = draft(16);
  for (let guess = headerBytes.length; ; guess = headerBytes.length) {
    headerBytes = draft(16 + guess);
    if (headerBytes.length <= guess) {
      headerBytes = Buffer.concat([headerBytes, Buffer.alloc(guess - headerBytes.length, 0x20)]);
      break;
    }
  }
  const file = await openAtomicFile(path);
  const hash = createHash('sha256');
  let written = 0;
  const write = async (bytes: Uint8Array): Promise<void> => {
    hash.update(bytes);
    written += bytes.length;
    await file.write(bytes);
  };
  try {
    const start = Buffer.alloc(16);
    MAGIC.copy(start, 0);
    start.writeUInt32LE(PARTIAL_VERSION, 8);
    start.writeUInt32LE(headerBytes.length, 12);
    await write(start);
    await write(headerBytes);
    for (const [position, section] of sections.entries()) {
      await write(Buffer.alloc(entries[position].offset - written));
      for (const chunk of section.chunks()) await write(new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength));
    }
    await file.write(Buffer.concat([END, hash.digest()]));
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
}

/** An open, checked partial file: its header, and its sections read by element range. */
export class PartialFile {
  private constructor(
    readonly path: string,
    readonly header: Record<string, unknown> & { sections: SectionEntry[] },
    private readonly handle: FileHandle,
  ) {}

  /** Opens `path`, checks magic, version, size and checksum; throws a {@link PartialError} naming the file. */
  static async open(path: string): Promise<PartialFile> {
    let handle: FileHandle;
    try {
      handle = await open(path, 'r');
    } catch (error) {
      throw new PartialError(`${path}: cannot read the partial: ${(error as Error).message}`);
    }
    try {
      const size = (await handle.stat()).size;
      const start = Buffer.alloc(16);
      await handle.read(start, 0, 16, 0);
      if (size < 16 + TRAILER || !start.subarray(0, 8).equals(MAGIC)) throw new PartialError(`${path}: not an agentmix partial (no AMXPART header)`);
      const version = start.readUInt32LE(8);
      if (version !== PARTIAL_VERSION) throw new PartialError(`${path}: a partial of format version ${version}; this agentmix reads version ${PARTIAL_VERSION} (run the shards and the merge with the same agentmix)`);
      const headerLength = start.readUInt32LE(12);
      if (16 + headerLength + TRAILER > size) throw new PartialError(`${path}: truncated: ${size} bytes, its header alone needs ${16 + headerLength + TRAILER}`);
      const headerBytes = Buffer.alloc(headerLength);
      await handle.read(headerBytes, 0, headerLength, 16);
      let header: PartialFile['header'];
      try {
        header = JSON.parse(headerBytes.toString('utf8')) as PartialFile['header'];
      } catch {
        throw new PartialError(`${path}: its header is not valid JSON (the file is damaged)`);
      }
      const end = header.sections.reduce((last, entry) => Math.max(last, entry.offset + entry.length * WIDTH[entry.type]), 16 + headerLength);
      if (size !== end + TRAILER) throw new PartialError(`${path}: ${size < end + TRAILER ? 'truncated' : 'has bytes past its end'}: ${size} bytes where its header describes ${end + TRAILER}`);
      const hash = createHash('sha256');
      const buffer = Buffer.alloc(1 << 20);
      for (let at = 0; at < end; ) {
        const { bytesRead } = await handle.read(buffer, 0, Math.min(buffer.length, end - at), at);
        hash.update(buffer.subarray(0, bytesRead));
        at += bytesRead;
      }
      const trailer = Buffer.alloc(TRAILER);
      await handle.read(trailer, 0, TRAILER, end);
      if (!trailer.subarray(0, END.length).equals(END) || !trailer.subarray(END.length).equals(hash.digest())) throw new PartialError(`${path}: its checksum does not match its content (the file is damaged)`);
      return new PartialFile(path, header, handle);
    } catch (error) {
      await handle.close();
      throw error;
    }
  }

  /** The entry of a section, or undefined. */
  section(name: string): SectionEntry | undefined {
    return this.header.sections.find((entry) => entry.name === name);
  }

  /** Elements `[from, to)` (default: all) of a typed section. */
  async array(name: string, from = 0, to?: number): Promise<Typed> {
    const entry = this.section(name);
    if (entry === undefined || entry.type === 'json') throw new PartialError(`${this.path}: has no column ${name}`);
    const end = to ?? entry.length;
    if (from < 0 || end > entry.length || from > end) throw new RangeError(`${this.path}: ${name} ${from}..${end} is outside its ${entry.length} elements`);
    const width = WIDTH[entry.type];
    const bytes = new ArrayBuffer((end - from) * width);
    const view = new Uint8Array(bytes);
    for (let done = 0; done < view.length; ) {
      const { bytesRead } = await this.handle.read(view, done, view.length - done, entry.offset + from * width + done);
      if (bytesRead === 0) throw new PartialError(`${this.path}: ended inside ${name}`);
      done += bytesRead;
    }
    return new ARRAYS[entry.type](bytes, 0, end - from);
  }

  /** A JSON section's value. */
  async json(name: string): Promise<unknown> {
    const entry = this.section(name);
    if (entry === undefined || entry.type !== 'json') throw new PartialError(`${this.path}: has no section ${name}`);
    const bytes = Buffer.alloc(entry.length);
    await this.handle.read(bytes, 0, entry.length, entry.offset);
    return JSON.parse(bytes.toString('utf8')) as unknown;
  }

  async close(): Promise<void> {
    await this.handle.close();
  }
}
