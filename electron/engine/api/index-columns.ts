import type { TextColumn } from '../text-column';

/** What a column-wise view reads of the index (RecordIndex has it all). */
export interface IndexColumns {
  readonly count: number;
  readonly idColumn: TextColumn;
  readonly previewColumn: TextColumn;
  sourceOf(row: number): number;
  turnsOf(row: number): number;
  charsOf(row: number): number;
  /** NaN when the record has no reward. */
  rewardOf(row: number): number;
  taskCodeOfRow(row: number): number;
  taskName(code: number): string | null;
  /** True when the row's key names its ordinal (`<prefix>:#<ordinal>`) rather than its id. */
  keyedByOrdinal(row: number): boolean;
  ordinalOf(row: number): number;
}
