/**
 * Parquet cases: real shards written with hyparquet-writer, then damaged (footer, length, magic,
 * trailing bytes, cuts, page headers and page data of chosen row groups).
 */
import { readFileSync, rmSync } from 'node:fs';
import { parquetMetadata } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { writeShard, type ShardRecord } from '../helpers/parquet-shard';
import type { Corpus } from './corpus';
import { concat, shareGpt, utf8 } from './records';

const ROWS_PER_GROUP = 10;
const GROUPS = 5;

/** A ShareGPT shard (`id`, `conversations` list<struct<from, value, loss>>) of `groups` row groups, as bytes. */
function shard(corpus: Corpus, codec: 'SNAPPY' | 'UNCOMPRESSED', groups = GROUPS): Uint8Array {
  const records = Array.from({ length: groups * ROWS_PER_GROUP }, () => shareGpt(corpus.random, corpus.id('pq')) as unknown as ShardRecord);
  const path = corpus.path('.scratch/shard.parquet');
  writeShard(path, records, ROWS_PER_GROUP, codec);
  const bytes = new Uint8Array(readFileSync(path));
  rmSync(path);
  return bytes;
}

/** Byte ranges of each column chunk of each row group, from the shard's own footer. */
function chunks(bytes: Uint8Array): { start: number; end: number; data: number }[][] {
  const metadata = parquetMetadata(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer);
  return metadata.row_groups.map((group) =>
    group.columns.map((column) => {
      const meta = column.meta_data;
      if (meta === undefined) throw new Error('a column chunk without metadata');
      const start = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      return { start, end: start + Number(meta.total_compressed_size), data: Number(meta.data_page_offset) };
    }),
  );
}

/** Where the footer starts (its length sits in the 4 bytes before the closing magic). */
function footerStart(bytes: Uint8Array): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return bytes.length - 8 - view.getUint32(bytes.length - 8, true);
}

export function parquetCases(corpus: Corpus): void {
  const whole = (what: string) => [{ what, whole: true }];
  const total = GROUPS * ROWS_PER_GROUP;
  corpus.file('parquet/clean.parquet', shard(corpus, 'SNAPPY'), { what: 'a clean 5-row-group shard (control)', good: total, problems: [] });
  corpus.file('parquet/clean-uncompressed.parquet', shard(corpus, 'UNCOMPRESSED'), { what: 'a clean uncompressed shard (control)', good: total, problems: [] });

  // The footer and the file's ends.
  {
    const bytes = shard(corpus, 'SNAPPY');
    const start = footerStart(bytes);
    bytes.fill(0xff, start + 10, start + 40);
    corpus.file('parquet/footer-garbled.parquet', bytes, { what: 'footer bytes overwritten', good: 0, problems: whole('the bad footer') });
  }
  {
    const bytes = shard(corpus, 'SNAPPY');
    new DataView(bytes.buffer).setUint32(bytes.length - 8, 0xfffffff0, true);
    corpus.file('parquet/footer-length-huge.parquet', bytes, { what: 'footer length of 4 GiB', good: 0, problems: whole('the footer length') });
  }
  {
    const bytes = shard(corpus, 'SNAPPY');
    new DataView(bytes.buffer).setUint32(bytes.length - 8, 0, true);
    corpus.file('parquet/footer-length-zero.parquet', bytes, { what: 'footer length 0', good: 0, problems: whole('the footer length') });
  }
  corpus.file('parquet/trailing-garbage.parquet', concat([shard(corpus, 'SNAPPY'), utf8('\nsome bytes appended by a bad download\n')]), { what: 'bytes after the closing magic', good: 0, problems: whole('the trailing bytes') });
  {
    const bytes = shard(corpus, 'SNAPPY');
    corpus.file('parquet/cut-in-half.parquet', bytes.subarray(0, bytes.length >> 1), { what: 'the first half of a shard', good: 0, problems: whole('the missing footer') });
    const other = shard(corpus, 'SNAPPY');
    corpus.file('parquet/cut-last-byte.parquet', other.subarray(0, other.length - 1), { what: 'a shard without its last byte', good: 0, problems: whole('the cut magic') });
  }
  corpus.file('parquet/magic-only.parquet', 'PAR1', { what: 'only the magic number', good: 0, problems: whole('the missing footer') });
  corpus.file('parquet/magic-on-text.parquet', 'PAR1 is how this line of text happens to start\n', { what: 'PAR1 magic on a text file', good: 0, problems: whole('not Parquet') });
  corpus.file('parquet/magic-on-jsonl.jsonl', `PAR1${corpus.record()}\n${corpus.record()}\n`, { what: 'PAR1 glued before JSON Lines', good: 1, problems: [{ what: 'the first line', line: 1, offset: 0 }] });
  {
    const garbage = Uint8Array.from({ length: 2000 }, () => Math.floor(corpus.random() * 256));
    corpus.file('parquet/magic-both-ends.parquet', concat([utf8('PAR1'), garbage, utf8('PAR1')]), { what: 'PAR1 at both ends around random bytes', good: 0, problems: whole('the bad footer') });
  }
  {
    // The data of the last two row groups is gone but the footer still lists them.
    const bytes = shard(corpus, 'SNAPPY');
    const groups = chunks(bytes);
    const footer = bytes.subarray(footerStart(bytes));
    corpus.file('parquet/data-cut-footer-kept.parquet', concat([bytes.subarray(0, groups[3][0].start), footer]), { what: 'the last two row groups cut out, the footer kept', good: 3 * ROWS_PER_GROUP, problems: [{ what: 'row group 3', rowGroup: 3 }, { what: 'row group 4', rowGroup: 4 }] });
  }

  // Damaged row groups among good ones.
  const damages: [string, (bytes: Uint8Array, chunk: { start: number; end: number; data: number }) => void][] = [
    ['page-header-ff', (bytes, chunk) => bytes.fill(0xff, chunk.start, chunk.start + 8)],
    ['page-header-zero', (bytes, chunk) => bytes.fill(0, chunk.start, chunk.start + 8)],
    // 64 bytes in the middle of the compressed page: the decompressor fails.
    ['page-data', (bytes, chunk) => bytes.fill(0xff, (chunk.data + chunk.end) >> 1, ((chunk.data + chunk.end) >> 1) + 64)],
    ['chunk-ff', (bytes, chunk) => bytes.fill(0xff, chunk.start, chunk.end)],
  ];
  for (const codec of ['SNAPPY', 'UNCOMPRESSED'] as const) {
    for (const [name, damage] of damages) {
      // Bytes changed inside plain uncompressed values decode as other text: no checksum tells.
      if (codec === 'UNCOMPRESSED' && name === 'page-data') continue;
      const bytes = shard(corpus, codec);
      damage(bytes, chunks(bytes)[2][2]);
      corpus.file(`parquet/group-2-${name}-${codec.toLowerCase()}.parquet`, bytes, { what: `row group 2 of 5 damaged (${name}, ${codec})`, good: total - ROWS_PER_GROUP, problems: [{ what: 'row group 2', rowGroup: 2 }] });
    }
  }
  for (const groups of [[0], [4], [1, 3], [0, 1, 2, 3, 4]]) {
    const bytes = shard(corpus, 'SNAPPY');
    const layout = chunks(bytes);
    for (const group of groups) damages[0][1](bytes, layout[group][0]);
    corpus.file(`parquet/groups-${groups.join('-')}-damaged.parquet`, bytes, { what: `row groups ${groups.join(', ')} damaged (the id column)`, good: total - groups.length * ROWS_PER_GROUP, problems: groups.map((group) => ({ what: `row group ${group}`, rowGroup: group })) });
  }
  {
    const bytes = shard(corpus, 'SNAPPY', 0);
    corpus.file('parquet/no-rows.parquet', bytes, { what: 'a shard with no rows', good: 0, problems: [] });
  }
  {
    // Not instruction/output: those columns are Alpaca records (docs/formats.md, "alpaca").
    const buffer = parquetWriteBuffer({ columnData: [{ name: 'url', data: ['https://example.org/a', 'https://example.org/b'] }, { name: 'score', data: ['0.5', '0.9'] }] });
    corpus.file('parquet/not-conversations.parquet', new Uint8Array(buffer), { what: 'a shard of url/score columns', good: 0, problems: whole('not conversations') });
  }
}
