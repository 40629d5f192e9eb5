/**
 * What the first bytes of a file say before any JSON is looked at: gzip (read), a text encoding
 * other than UTF-8 (decoded), or a format we do not read (named, so that the message says what
 * to do). See docs/ingest.md, "Encodings and compression".
 */

/** The text encodings we decode (JSON allows UTF-8, UTF-16 and UTF-32: RFC 8259 §8.1, RFC 4627 §3). */
export type TextEncoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';

/** What a file's first bytes show. */
export type Sniffed =
  | { kind: 'gzip' }
  | { kind: 'text'; encoding: TextEncoding; /** Bytes of the byte order mark (0 when none). */ bom: number }
  /** A format we do not read, in words (`a ZIP archive`), and what to do. */
  | { kind: 'foreign'; what: string; advice: string };

/** Magic numbers of formats that turn up under shard names, with what to tell the user. */
const FOREIGN: readonly { magic: readonly number[]; what: string; advice: string }[] = [
  { magic: [0x50, 0x4b, 0x03, 0x04], what: 'a ZIP archive', advice: 'unzip it and open the files inside' },
  { magic: [0x42, 0x5a, 0x68], what: 'bzip2-compressed data', advice: 'decompress it (bunzip2) or recompress it with gzip, which we read' },
  { magic: [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], what: 'xz-compressed data', advice: 'decompress it (unxz) or recompress it with gzip, which we read' },
  { magic: [0x28, 0xb5, 0x2f, 0xfd], what: 'zstd-compressed data', advice: 'decompress it (unzstd) or recompress it with gzip, which we read' },
  { magic: [0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c], what: 'a 7-Zip archive', advice: 'unpack it and open the files inside' },
  { magic: [0x25, 0x50, 0x44, 0x46, 0x2d], what: 'a PDF document', advice: 'it holds no records we can read' },
  { magic: [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31], what: 'an Arrow IPC (Feather) file', advice: 'convert it to Parquet or JSON Lines (e.g. with pyarrow)' },
  { magic: [0x89, 0x48, 0x44, 0x46], what: 'an HDF5 file', advice: 'convert it to Parquet or JSON Lines' },
  { magic: [0x53, 0x51, 0x4c, 0x69, 0x74, 0x65, 0x20, 0x66], what: 'an SQLite database', advice: 'export its table to JSON Lines' },
];

function startsWith(head: Uint8Array, magic: readonly number[]): boolean {
  return head.length >= magic.length && magic.every((byte, index) => head[index] === byte);
}

/** Sniffs the first bytes (at least 4 when the file has them). */
export function sniffBytes(head: Uint8Array): Sniffed {
  if (startsWith(head, [0x1f, 0x8b])) return { kind: 'gzip' };
  for (const foreign of FOREIGN) if (startsWith(head, foreign.magic)) return { kind: 'foreign', what: foreign.what, advice: foreign.advice };
  // Byte order marks, UTF-32 before UTF-16 (FF FE 00 00 starts both).
  if (startsWith(head, [0xef, 0xbb, 0xbf])) return { kind: 'text', encoding: 'utf-8', bom: 3 };
  if (startsWith(head, [0xff, 0xfe, 0x00, 0x00])) return { kind: 'text', encoding: 'utf-32le', bom: 4 };
  if (startsWith(head, [0x00, 0x00, 0xfe, 0xff])) return { kind: 'text', encoding: 'utf-32be', bom: 4 };
  if (startsWith(head, [0xff, 0xfe])) return { kind: 'text', encoding: 'utf-16le', bom: 2 };
  if (startsWith(head, [0xfe, 0xff])) return { kind: 'text', encoding: 'utf-16be', bom: 2 };
  // No byte order mark: JSON text starts with an ASCII character, so the pattern of zero bytes in
  // the first four tells the encoding (RFC 4627 §3).
  if (head.length >= 4) {
    const [a, b, c, d] = head;
    if (a === 0 && b === 0 && c === 0 && d !== 0) return { kind: 'text', encoding: 'utf-32be', bom: 0 };
    if (a !== 0 && b === 0 && c === 0 && d === 0) return { kind: 'text', encoding: 'utf-32le', bom: 0 };
    if (a === 0 && b !== 0 && c === 0 && d !== 0) return { kind: 'text', encoding: 'utf-16be', bom: 0 };
    if (a !== 0 && b === 0 && c !== 0 && d === 0) return { kind: 'text', encoding: 'utf-16le', bom: 0 };
  } else if (head.length === 2 && ((head[0] === 0) !== (head[1] === 0))) {
    return { kind: 'text', encoding: head[0] === 0 ? 'utf-16be' : 'utf-16le', bom: 0 };
  }
  return { kind: 'text', encoding: 'utf-8', bom: 0 };
}
