import { asyncBufferFromFile, cachedAsyncBuffer, parquetMetadataAsync, parquetReadObjects, type AsyncBuffer, type FileMetaData } from 'hyparquet';

/** An open Parquet file: its bytes on demand and its footer. */
export interface ParquetFile {
  file: AsyncBuffer;
  metadata: FileMetaData;
}

/** Opens a Parquet file and reads its footer (schema, row groups). */
export async function openParquet(path: string): Promise<ParquetFile> {
  const file = cachedAsyncBuffer(await asyncBufferFromFile(path));
  return { file, metadata: await parquetMetadataAsync(file) };
}

/**
 * Rows `[rowStart, rowEnd)` as plain JSON values: a Hugging Face shard's `conversations` or
 * `messages` column of nested lists and structs comes out as the same objects JSON would give
 * (64-bit integers as numbers, byte arrays as UTF-8 text, dates as ISO strings).
 */
export async function readParquetValues(parquet: ParquetFile, rowStart: number, rowEnd: number): Promise<unknown[]> {
  const rows = await parquetReadObjects({ file: parquet.file, metadata: parquet.metadata, rowStart, rowEnd, utf8: true });
  return rows.map(toJsonValue);
}

/** Converts what hyparquet yields into JSON-compatible values. */
export function toJsonValue(value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(toJsonValue);
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return new TextDecoder().decode(value);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<number>, (item) => toJsonValue(item));
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) result[key] = toJsonValue(item);
  return result;
}
