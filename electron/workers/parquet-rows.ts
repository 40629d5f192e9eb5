import { BatchBuilder } from './batch-builder';
import { openParquet, readParquetValues } from './parquet-file';
import type { ParquetRowsRequest, RecordBatch } from './protocol';

/**
 * The `parquet-rows` task: reads rows of a Parquet shard and validates and summarizes each like a
 * JSON record. Problems name the row: line = 1-based row number, offset = 0 (a row has no byte
 * range); `starts` holds the row numbers.
 */
export async function readParquetRows(request: ParquetRowsRequest): Promise<RecordBatch> {
  const parquet = await openParquet(request.path);
  const values = await readParquetValues(parquet, request.rowStart, request.rowEnd);
  const rows = Uint32Array.from(values, (_, index) => request.rowStart + index);
  const builder = new BatchBuilder({ starts: rows, ends: rows, lines: rows.map((row) => row + 1) }, request.format, request.context, request.previewChars);
  values.forEach((value, index) => builder.addValue(index, value, { line: rows[index] + 1, offset: 0 }));
  return builder.build();
}
