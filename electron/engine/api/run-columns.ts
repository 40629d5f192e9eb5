/**
 * The last pipeline run's columns as a view reads them, by row of the index through the run's
 * record of each row (run-rows.ts): tokens, duplicate cluster and leakage score as numbers, the
 * verdict's text (`kept`, or `dropped: <first reason>`, as record-views.ts shows it) as a rank
 * among the distinct texts of the rows sorted, or a filter's answer per distinct text. No string is
 * built per row where the judgment gives a key for a dropped record's first reason
 * (`Judgment.firstReasonKey`): its text is worded once per key, and equal texts share one group
 * (docs/scale.md, "The review desk at 10M records").
 */
import { TOKENS_SCORE } from '../../../shared/filters/scores';
import type { PipelineResult } from '../pipeline/pipeline-result';
import { compareValues, matchesText, type ColumnFilter } from './record-view';

/** The text of a kept record's verdict. */
const KEPT = 'kept';

/** A run's number columns a view reads. */
export type RunNumberColumn = 'tokens' | 'duplicateCluster' | 'leakageScore';

/** The run's columns by row; with no run (`result` null, `records` then unread) every row's are missing. */
export class RunColumns {
  constructor(
    private readonly result: PipelineResult | null,
    /** The run's record of each row (-1: not judged); see run-rows.ts. */
    private readonly records: Int32Array,
  ) {}

  /** A number column by row; NaN where missing (a row the run did not judge, or no value). */
  numberOf(column: RunNumberColumn): (row: number) => number {
    const { result, records } = this;
    if (result === null) return () => Number.NaN;
    if (column === 'tokens') {
      const tokens = result.measured.scores.get(TOKENS_SCORE);
      if (tokens === undefined) return () => Number.NaN;
      return (row) => {
        const record = records[row];
        return record < 0 ? Number.NaN : tokens[record];
      };
    }
    if (column === 'duplicateCluster') {
      const clusters = result.clusters.dedup?.assignment.cluster;
      if (clusters === undefined) return () => Number.NaN;
      return (row) => {
        const record = records[row];
        const cluster = record < 0 ? -1 : clusters[record];
        return cluster === -1 ? Number.NaN : cluster;
      };
    }
    // A judged record without a leakage match scores 0 (as the verdict source says).
    const leakage = result.clusters.leakage;
    return (row) => {
      const record = records[row];
      return record < 0 ? Number.NaN : (leakage.get(record)?.score ?? 0);
    };
  }

  /**
   * The verdict of the rows of `order` as groups: `groupOf(row)` is -1 where the run did not judge
   * the row, else an index into `texts`, the distinct verdict texts.
   */
  private verdictGroups(result: PipelineResult, order: Uint32Array): { groupOf: Int32Array; texts: string[] } {
    const { records } = this;
    const groupOf = new Int32Array(records.length).fill(-1);
    const texts: string[] = [];
    const { judgment } = result;
    const kept = judgment.kept;
    const byMessage = new Map<string, number>();
    // Records whose first reason has a key share its text: it is worded once per key.
    const byKey = new Map<number, number>();
    let keptGroup = -1;
    for (let position = 0; position < order.length; position++) {
      const row = order[position];
      const record = records[row];
      if (record < 0) continue;
      if (kept[record] === 1) {
        if (keptGroup === -1) {
          keptGroup = texts.length;
          texts.push(KEPT);
        }
        groupOf[row] = keptGroup;
        continue;
      }
      const key = judgment.firstReasonKey(record);
      let group = Number.isNaN(key) ? undefined : byKey.get(key);
      if (group === undefined) {
        const message = judgment.firstReasonOf(record)?.message ?? '';
        group = byMessage.get(message);
        if (group === undefined) {
          byMessage.set(message, (group = texts.length));
          texts.push(`dropped: ${message}`);
        }
        if (!Number.isNaN(key)) byKey.set(key, group);
      }
      groupOf[row] = group;
    }
    return { groupOf, texts };
  }

  /** Each row's verdict text as its rank among the distinct texts of `order` (NaN: not judged): sorting the ranks sorts the texts. */
  verdictRank(order: Uint32Array): (row: number) => number {
    if (this.result === null) return () => Number.NaN;
    const { groupOf, texts } = this.verdictGroups(this.result, order);
    const byText = texts.map((_, group) => group).sort((left, right) => compareValues(texts[left], texts[right]));
    const rankOfGroup = new Float64Array(texts.length);
    byText.forEach((group, rank) => (rankOfGroup[group] = rank));
    return (row) => {
      const group = groupOf[row];
      return group < 0 ? Number.NaN : rankOfGroup[group];
    };
  }

  /** Whether each row's verdict text passes a text filter, judged once per distinct text. */
  verdictFilter(order: Uint32Array, filter: Extract<ColumnFilter, { kind: 'text' }>): (row: number) => boolean {
    const missing = matchesText(null, filter);
    if (this.result === null) return () => missing;
    const { groupOf, texts } = this.verdictGroups(this.result, order);
    const passes = Uint8Array.from(texts, (text) => (matchesText(text, filter) ? 1 : 0));
    return (row) => {
      const group = groupOf[row];
      return group < 0 ? missing : passes[group] === 1;
    };
  }
}
