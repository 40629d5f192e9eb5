/**
 * Cases about the file rather than its records: encodings (UTF-16/32 with and without byte order
 * mark), gzip, other compressions and binary formats, empty files, and folders (Hugging Face hub
 * cache links, link loops, dangling links, unreadable entries, named pipes, folders with no shard).
 */
import { constants, gunzipSync, gzipSync, inflateRawSync } from 'node:zlib';
import { GZIP_SLACK, type Corpus } from './corpus';
import { concat, Layout, utf16, utf32, utf8 } from './records';

/** Good lines as text, with a few non-ASCII characters (astral ones too). */
function textLines(corpus: Corpus, count: number): string {
  let text = '';
  for (let line = 0; line < count; line++) text += `${corpus.record()}\n`;
  return text;
}

/** Complete records (parsing lines) in the part of a gzip stream that can be recovered. */
function recoverableLines(gz: Uint8Array): number {
  const text = new TextDecoder().decode(gunzipSync(gz, { finishFlush: constants.Z_SYNC_FLUSH }));
  const lines = text.split('\n');
  let count = 0;
  for (const line of lines) {
    try {
      if (line.trim() !== '' && typeof JSON.parse(line) === 'object') count++;
    } catch {
      // the cut line
    }
  }
  return count;
}

/** Lines of `text` that parse as records with `conversations`. */
function recordLines(text: string): number {
  let count = 0;
  for (const line of text.split('\n')) {
    try {
      if (Array.isArray((JSON.parse(line) as { conversations?: unknown }).conversations)) count++;
    } catch {
      // a line the damage broke
    }
  }
  return count;
}

/** Lines of `decoded` that end before `limit` and are lines of `original` (a damaged stream decodes some to garbage). */
function intactLines(original: string, decoded: string, limit: number): number {
  const lines = new Set(original.split('\n'));
  let count = 0;
  let at = 0;
  for (const line of decoded.split('\n')) {
    at += line.length + 1;
    if (at <= limit && line !== '' && lines.has(line)) count++;
  }
  return count;
}

export function fileCases(corpus: Corpus, options: { root: boolean }): void {
  const whole = (what: string) => [{ what, whole: true }];

  // Encodings.
  for (const [name, encode] of [
    ['utf16le', (text: string, bom: boolean) => utf16(text, 'le', bom)],
    ['utf16be', (text: string, bom: boolean) => utf16(text, 'be', bom)],
    ['utf32le', (text: string, bom: boolean) => utf32(text, 'le', bom)],
    ['utf32be', (text: string, bom: boolean) => utf32(text, 'be', bom)],
  ] as const) {
    for (const bom of [true, false]) {
      corpus.file(`encoding/${name}${bom ? '-bom' : ''}.jsonl`, encode(textLines(corpus, 25), bom), { what: `JSON Lines in ${name}${bom ? ' with' : ' without'} a byte order mark`, good: 25, problems: [] });
    }
  }
  {
    const records = Array.from({ length: 12 }, () => JSON.parse(corpus.record()) as unknown);
    corpus.file('encoding/utf16le-bom-array.json', utf16(JSON.stringify(records, null, 2), 'le', true), { what: 'a pretty array in UTF-16LE with a byte order mark', good: 12, problems: [] });
    corpus.file('encoding/utf16be-array.json', utf16(JSON.stringify(records.map(() => JSON.parse(corpus.record()) as unknown)), 'be', false), { what: 'a compact array in UTF-16BE without a byte order mark', good: 12, problems: [] });
  }
  {
    const layout = new Layout();
    corpus.goodLines(layout, 10);
    const text = corpus.record();
    const bad = layout.add(`${text.slice(0, 30)}\ud800${text.slice(30)}\n`);
    corpus.goodLines(layout, 10);
    corpus.file('encoding/utf16le-lone-surrogate.jsonl', utf16(new TextDecoder().decode(layout.bytes()).replace('\ufffd', '\ud800'), 'le', true), {
      what: 'UTF-16LE with a lone surrogate in one record',
      good: 20,
      problems: [{ what: 'the lone surrogate', line: bad.line, offset: bad.offset }],
    });
  }
  corpus.file('encoding/utf8-bom.jsonl', concat([Uint8Array.of(0xef, 0xbb, 0xbf), utf8(textLines(corpus, 10))]), { what: 'UTF-8 with a byte order mark (control)', good: 10, problems: [] });
  {
    const layout = new Layout();
    const lost: { offset: number; line: number }[] = [];
    let good = 0;
    for (let line = 0; line < 30; line++) {
      const text = [...corpus.record()].map((character) => (character.charCodeAt(0) > 0xff ? '?' : character)).join('');
      const place = layout.add(Uint8Array.from(`${text}\n`, (character) => character.charCodeAt(0)));
      if (/[\x80-\xff]/.test(text)) lost.push(place);
      else good++;
    }
    corpus.file('encoding/latin1.jsonl', layout.bytes(), { what: 'JSON Lines in Latin-1: only the lines with accents are lost', good, problems: lost.map((place) => ({ what: 'a Latin-1 line', ...place })) });
  }

  // Gzip and other compressions.
  {
    const text = textLines(corpus, 40);
    corpus.file('gzip/lines.jsonl.gz', gzipSync(text), { what: 'gzip JSON Lines', good: 40, problems: [] });
    const records = Array.from({ length: 30 }, () => JSON.parse(corpus.record()) as unknown);
    corpus.file('gzip/array.json.gz', gzipSync(JSON.stringify(records, null, 2)), { what: 'a gzip pretty array', good: 30, problems: [] });
    corpus.file('gzip/utf16.jsonl.gz', gzipSync(utf16(textLines(corpus, 10), 'le', true)), { what: 'gzip of UTF-16LE JSON Lines', good: 10, problems: [] });
    corpus.file('gzip/two-members.jsonl.gz', concat([gzipSync(textLines(corpus, 10)), gzipSync(textLines(corpus, 10))]), { what: 'two gzip members one after another', good: 20, problems: [] });
    const long = textLines(corpus, 3000);
    const gz = gzipSync(long);
    const cut = gz.subarray(0, Math.floor(gz.length * 0.6));
    corpus.file('gzip/truncated.jsonl.gz', cut, { what: 'gzip JSON Lines cut at 60%', good: recoverableLines(cut), problems: whole('the cut stream') });
    const original = textLines(corpus, 300);
    const damaged = Uint8Array.from(gzipSync(original));
    damaged.fill(0x55, damaged.length >> 1, (damaged.length >> 1) + 16);
    const decoded = new TextDecoder().decode(inflateRawSync(damaged.subarray(10), { finishFlush: constants.Z_SYNC_FLUSH }));
    // Damaged deflate data decodes to other bytes: a changed line may still be a valid record (only the CRC tells, at the end).
    corpus.file('gzip/corrupt.jsonl.gz', damaged, { what: 'gzip with damaged deflate data (the CRC fails at the end)', good: recordLines(decoded), goodAtLeast: intactLines(original, decoded, decoded.length - GZIP_SLACK), problems: whole('the damaged stream') });
    const member = textLines(corpus, 300);
    corpus.file('gzip/trailing-garbage.jsonl.gz', concat([gzipSync(member), utf8('trailing bytes that are not gzip')]), { what: 'bytes after the gzip member', good: 300, goodAtLeast: intactLines(member, member, member.length - GZIP_SLACK), problems: whole('the trailing bytes') });
    corpus.file('gzip/empty.jsonl.gz', gzipSync(''), { what: 'gzip of nothing', good: 0, problems: whole('no records') });
    corpus.file('gzip/double.jsonl.gz', gzipSync(gzipSync(textLines(corpus, 10))), { what: 'gzip of gzip', good: 0, problems: whole('compressed twice') });
    corpus.file('gzip/not-really.jsonl.gz', textLines(corpus, 10), { what: 'plain JSON Lines named .gz', good: 10, problems: [] });
    corpus.file('gzip/header-only.json.gz', gzipSync(text).subarray(0, 10), { what: 'only a gzip header', good: 0, problems: whole('the cut stream') });
    const big = textLines(corpus, 1);
    corpus.file('gzip/bomb.jsonl.gz', concat([gzipSync(big), gzipSync(Buffer.alloc(64 << 20, 0x20))]), { what: 'one record, then 64 MiB of spaces compressed to a few kB', good: 1, problems: [] });
  }
  for (const [name, magic, what] of [
    ['archive.zip.jsonl', [0x50, 0x4b, 0x03, 0x04], 'a ZIP archive'],
    ['archive.bz2.jsonl', [0x42, 0x5a, 0x68, 0x39], 'bzip2'],
    ['archive.xz.jsonl', [0xfd, 0x37, 0x7a, 0x58, 0x5a, 0x00], 'xz'],
    ['archive.zst.jsonl', [0x28, 0xb5, 0x2f, 0xfd], 'zstd'],
    ['document.pdf.json', [0x25, 0x50, 0x44, 0x46, 0x2d], 'a PDF'],
    ['arrow.arrow.json', [0x41, 0x52, 0x52, 0x4f, 0x57, 0x31, 0, 0], 'Arrow IPC'],
  ] as const) {
    corpus.file(`binary/${name}`, concat([Uint8Array.from(magic), Uint8Array.from({ length: 500 }, () => Math.floor(corpus.random() * 256))]), { what: `${what} with a shard's name`, good: 0, problems: whole(what) });
  }
  corpus.file('binary/random.jsonl', Uint8Array.from({ length: 5000 }, () => Math.floor(corpus.random() * 256)), { what: 'random bytes', good: 0, problems: whole('random bytes') });
  corpus.file('binary/zeros.jsonl', new Uint8Array(8192), { what: 'a file of NUL bytes (space reserved, never written)', good: 0, problems: whole('NUL bytes') });
  corpus.file('text/csv.json', 'id,text\n1,hello\n2,world\n', { what: 'CSV with a .json name', good: 0, problems: whole('CSV') });
  corpus.file('text/yaml.json', 'conversations:\n  - from: human\n    value: hi\n', { what: 'YAML with a .json name', good: 0, problems: whole('YAML') });
  corpus.file('text/scalar.json', '42\n', { what: 'a JSON number', good: 0, problems: whole('not records') });
  corpus.file('empty/empty.jsonl', '', { what: 'an empty file', good: 0, problems: whole('empty') });
  corpus.file('empty/whitespace.json', ' \n\t\r\n   \n', { what: 'whitespace only', good: 0, problems: whole('whitespace') });
  corpus.file('empty/newlines.jsonl', '\n'.repeat(10_000), { what: '10,000 empty lines', good: 0, problems: whole('no records') });
  corpus.file('empty/utf16-bom-only.json', Uint8Array.of(0xff, 0xfe), { what: 'only a UTF-16 byte order mark', good: 0, problems: whole('empty') });

  // Folders.
  {
    const revision = 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678';
    const blobs = 'datasets--someone--agent-mix/blobs';
    corpus.path(`${blobs}/.keep`);
    const layout = new Layout();
    corpus.goodLines(layout, 20);
    corpus.file(`${blobs}/4f2a9c0e6b1d`, layout.bytes(), { what: 'a hub blob (no extension: read through its link)', good: 0, problems: [] });
    corpus.truths.pop();
    corpus.link(`datasets--someone--agent-mix/snapshots/${revision}/data/train.jsonl`, '../../../blobs/4f2a9c0e6b1d');
    corpus.link(`datasets--someone--agent-mix/snapshots/${revision}/data/all`, '..');
    corpus.truth({ path: `datasets--someone--agent-mix/snapshots/${revision}/data/train.jsonl`, what: 'a Hugging Face hub snapshot link to a blob', good: 20, problems: [] });
    corpus.truth({ path: `datasets--someone--agent-mix/snapshots/${revision}/data/all`, what: 'a link back to its own snapshot folder (a loop)', good: 0, problems: whole('the loop'), folder: true, within: 'datasets--someone--agent-mix' });
  }
  corpus.link('links/self.jsonl', 'self.jsonl');
  corpus.truth({ path: 'links/self.jsonl', what: 'a link to itself', good: 0, problems: whole('the link loop') });
  corpus.link('links/dangling.jsonl', 'gone/away.jsonl');
  corpus.truth({ path: 'links/dangling.jsonl', what: 'a link to nothing', good: 0, problems: whole('the dangling link') });
  corpus.link('links/up', '../links');
  corpus.truth({ path: 'links/up', what: 'a folder link to its parent (a loop)', good: 0, problems: whole('the loop'), folder: true, within: 'links' });
  corpus.fifo('links/pipe.jsonl');
  corpus.truth({ path: 'links/pipe.jsonl', what: 'a named pipe with a shard name (opening it would block)', good: 0, problems: whole('not a regular file') });
  corpus.file('no-shard/README.md', '# nothing to read here\n', { what: 'a README in a folder with no shard', good: 0, problems: [] });
  corpus.truths.pop();
  corpus.file('no-shard/data.csv', 'a,b\n', { what: 'a CSV', good: 0, problems: [] });
  corpus.truths.pop();
  corpus.truth({ path: 'no-shard', what: 'a folder with no shard in it', good: 0, problems: whole('no shard'), folder: true, explicit: true });
  corpus.path('empty-folder/.keep');
  corpus.truth({ path: 'empty-folder', what: 'an empty folder', good: 0, problems: whole('no shard'), folder: true, explicit: true });
  corpus.file('hidden/.cache/skipped.jsonl', textLines(corpus, 3), { what: 'a hidden folder is skipped', good: 0, problems: [] });
  corpus.truths.pop();
  corpus.file('hidden/kept.jsonl', textLines(corpus, 3), { what: 'a shard beside a hidden folder', good: 3, problems: [] });

  const locked = options.root ? 'chmod 000 cannot deny root: the case runs as root here' : undefined;
  corpus.file('locked/unreadable.jsonl', textLines(corpus, 5), { what: 'a file with no permissions (chmod 000)', good: 0, problems: whole('permission denied'), skipped: locked });
  corpus.file('locked/folder/inside.jsonl', textLines(corpus, 5), { what: 'a file inside a folder with no permissions', good: 0, problems: [], skipped: locked });
  corpus.truths.pop();
  corpus.truth({ path: 'locked/folder', what: 'a folder with no permissions (chmod 000)', good: 0, problems: whole('permission denied'), folder: true, skipped: locked });
  if (!options.root) {
    corpus.lock('locked/unreadable.jsonl');
    corpus.lock('locked/folder');
  }
}
