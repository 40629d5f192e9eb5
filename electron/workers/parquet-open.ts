import { openParquet, readParquetValues } from './parquet-file';
import type { ParquetGroup, ParquetOpenRequest, ParquetOpenResult } from './protocol';

/** A row group whose footer entry claims more rows than this per byte of the file is taken to be damaged. */
const MAX_ROWS_PER_BYTE = 8;

/**
 * hyparquet's reasons for refusing a footer, in words a user can act on (the footer is the file's
 * last part: a cut or appended-to file loses it first).
 */
export function describeFooterError(message: string, size: number): string {
  if (/footer != PAR1/.test(message)) {
    return 'the file does not end with the Parquet magic number PAR1: it is cut short, has bytes appended after its end, or is not a Parquet file; no row can be found without the footer';
  }
  const length = /metadata length (\d+) exceeds/.exec(message);
  if (length !== null) return `the footer claims to be ${length[1]} bytes long, more than the ${size} bytes of the file: the file is damaged or cut short`;
  if (/too short/.test(message)) return 'the file is too short to be Parquet (a Parquet file starts and ends with PAR1 around its footer)';
  return `the footer (the file's schema and row groups) cannot be decoded (${message}): the file is damaged`;
}

/**
 * The `parquet-open` task: reads a shard's footer in a worker (a damaged footer can ask for any
 * amount of memory or work, which must not happen on the engine's thread), checks each row
 * group's entry against the file (rows, byte ranges inside the data), and reads the first rows of
 * the first row groups that can be read, for identifying the format. A row group that fails here
 * is marked with its reason and not read again. Rows keep their numbers in the file (a lost row
 * group leaves a gap).
 */
export async function openParquetShard(request: ParquetOpenRequest): Promise<ParquetOpenResult> {
  let parquet;
  try {
    parquet = await openParquet(request.path);
  } catch (error) {
    return { rows: 0, groups: [], sample: [], footerProblem: describeFooterError(error instanceof Error ? error.message : String(error), request.size) };
  }
  const { metadata } = parquet;
  const dataEnd = request.size - 8 - metadata.metadata_length;
  const groups: ParquetGroup[] = [];
  let firstRow = 0;
  for (const [index, group] of metadata.row_groups.entries()) {
    const rows = Number(group.num_rows);
    let start = Number.POSITIVE_INFINITY;
    let end = 0;
    for (const column of group.columns) {
      const meta = column.meta_data;
      if (meta === undefined) continue;
      const from = Number(meta.dictionary_page_offset ?? meta.data_page_offset);
      start = Math.min(start, from);
      end = Math.max(end, from + Number(meta.total_compressed_size));
    }
    if (!Number.isFinite(start)) start = 4;
    if (!Number.isSafeInteger(rows) || rows < 0 || rows > MAX_ROWS_PER_BYTE * request.size) {
      // Row numbers of every later group depend on this count: the footer cannot be trusted.
      return { rows: 0, groups: [], sample: [], footerProblem: `the footer says row group ${index} holds ${String(group.num_rows)} rows, which ${request.size} bytes cannot hold: the footer is damaged` };
    }
    const problem = start < 4 || end > dataEnd || end < start ? `its column data (bytes ${start}–${end}) lies outside the data part of the file (bytes 4–${dataEnd}): the file was cut or damaged` : null;
    groups.push({ index, firstRow, rows, start, end, problem });
    firstRow += rows;
  }
  const total = Number(metadata.num_rows);
  const listed = groups.reduce((sum, group) => sum + group.rows, 0);
  const footerProblem = total !== listed ? `the footer says the file holds ${String(metadata.num_rows)} rows, but its row groups hold ${listed}: the row groups' rows were read` : null;
  const sample: unknown[] = [];
  for (const group of groups) {
    if (sample.length >= request.samples) break;
    if (group.problem !== null || group.rows === 0) continue;
    try {
      const take = Math.min(group.rows, request.samples - sample.length);
      for (const value of await readParquetValues(parquet, group.firstRow, group.firstRow + take)) sample.push(value);
    } catch (error) {
      group.problem = error instanceof Error ? error.message : String(error);
    }
  }
  return { rows: listed, groups, sample, footerProblem };
}
