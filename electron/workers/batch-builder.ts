import { getFormat } from '../../shared/formats/index';
import type { FormatName, ReadContext } from '../../shared/formats/types';
import { recordFlags } from '../../shared/schema/record-flags';
import { summarize } from '../../shared/schema/record-summary';
import { hashString } from '../../shared/text/string-hash';
import type { RecordBatch } from './protocol';

/** Where a record sits in its file, for the problems it may have. */
export interface RecordLocation {
  line: number;
  offset: number;
}

/** Fills a {@link RecordBatch} column by column as records are read. */
export class BatchBuilder {
  private readonly batch: RecordBatch;
  private readonly format;

  constructor(
    ranges: { starts: Uint32Array; ends: Uint32Array; lines: Uint32Array },
    formatName: FormatName,
    private readonly context: ReadContext,
    private readonly previewChars: number,
  ) {
    this.format = getFormat(formatName);
    const count = ranges.starts.length;
    this.batch = {
      count,
      ...ranges,
      valid: new Uint8Array(count),
      ids: new Array<string | null>(count).fill(null),
      idHashes: new Uint32Array(count),
      tasks: new Array<string | null>(count).fill(null),
      previews: new Array<string>(count).fill(''),
      turns: new Uint32Array(count),
      chars: new Float64Array(count),
      lossTrue: new Uint32Array(count),
      lossFalse: new Uint32Array(count),
      lossNull: new Uint32Array(count),
      rewards: new Float64Array(count).fill(Number.NaN),
      flags: new Uint8Array(count),
      roleNames: {},
      problems: [],
    };
  }

  /**
   * Validates a parsed record against the source's format and keeps its summary, or a problem
   * naming the field. `key` is the record's key in a keyed container.
   */
  addValue(index: number, value: unknown, location: RecordLocation, key?: string): void {
    const result = this.format.read(value, key === undefined ? this.context : { ...this.context, key });
    if (!result.ok) {
      this.fail(index, location, `the record${describeId(value)} is not valid ${this.format.name}: ${result.message}`);
      return;
    }
    const summary = summarize(result.conversation, this.previewChars);
    const batch = this.batch;
    batch.valid[index] = 1;
    batch.ids[index] = summary.id;
    if (summary.id !== null) batch.idHashes[index] = hashString(summary.id);
    batch.tasks[index] = summary.task;
    batch.previews[index] = summary.firstUserText;
    batch.turns[index] = summary.turns;
    batch.chars[index] = summary.chars;
    batch.lossTrue[index] = summary.lossTrue;
    batch.lossFalse[index] = summary.lossFalse;
    batch.lossNull[index] = summary.lossNull;
    if (summary.reward !== null) batch.rewards[index] = summary.reward;
    batch.flags[index] = recordFlags(result.conversation);
    const roleNames = batch.roleNames;
    for (const turn of result.conversation.turns) roleNames[turn.from] = (roleNames[turn.from] ?? 0) + 1;
  }

  /** Records a problem for record `index`. */
  fail(index: number, location: RecordLocation, message: string): void {
    this.batch.problems.push({ index, line: location.line, offset: location.offset, message });
  }

  /** Records a problem between records (a broken array element). */
  failBetween(location: RecordLocation, message: string): void {
    this.batch.problems.push({ index: -1, line: location.line, offset: location.offset, message });
  }

  /** The finished batch. */
  build(): RecordBatch {
    return this.batch;
  }
}

/** ` (id "x")` when the value has a string id, for messages. */
function describeId(value: unknown): string {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) {
    const id = (value as Record<string, unknown>).id;
    if (typeof id === 'string' || typeof id === 'number') return ` (id ${JSON.stringify(id)})`;
  }
  return '';
}
