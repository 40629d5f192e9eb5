import type { Problem } from '../../../shared/schema/problem';
import { ACTIONS, OUTCOME, TOOL_CALLS } from '../../../shared/schema/record-flags';
import { FINDING_KINDS, type FindingKind } from '../findings';
import type { BatchPlacement, RecordIndex } from '../record-index';
import { IdTable } from '../id-table';
import { MAX_LISTED_ERRORS } from '../types';
import type { RecordBatch } from '../../workers/protocol';

/** Examples kept per finding kind. */
export const FINDING_EXAMPLES = 5;

/**
 * Accumulates what a source's batches say while it is read: counts per task, turn statistics,
 * loss flags, repeated ids, and problems (all counted, the first {@link MAX_LISTED_ERRORS} in file
 * order kept even though batches finish out of order with the scan).
 */
export class SourceStats {
  records = 0;
  elements = 0;
  readonly tasks: Record<string, number> = {};
  private turnsMin = Number.POSITIVE_INFINITY;
  private turnsMax = 0;
  private turnsSum = 0;
  readonly loss = { true: 0, false: 0, null: 0 };
  errorCount = 0;
  /** The problems with the smallest offsets, sorted by offset. */
  readonly errors: Problem[] = [];
  /** The ids, by position among the source's records (for repeats and for key lookups). */
  readonly ids = new IdTable();
  /** Records whose task is one of the six AgentInstruct tasks. */
  agentTaskRecords = 0;
  /** The first reason part of the file could not be read at all (see SourceInfo.readFailure). */
  readFailure: string | undefined;
  /** Records with tool calls, with an outcome, with ReAct/CodeAct actions (shared/schema/record-flags.ts). */
  readonly agentSignals = { toolCalls: 0, outcome: 0, actions: 0 };
  /** Turns by the role name as written. */
  readonly roleNames: Record<string, number> = {};
  /** Per finding kind: how many records, and the first few (record ordinal, id, where). */
  readonly findings = new Map<FindingKind, { count: number; examples: Omit<Problem, 'file' | 'message'>[]; ids: (string | null)[]; firsts: number[] }>();

  /**
   * @param firstRow the index row where this source's records start (they are contiguous)
   */
  constructor(
    private readonly path: string,
    private readonly agentTasks: ReadonlySet<string>,
    private readonly firstRow: number,
  ) {}

  /** Adds a problem, keeping the first ones in file order. */
  addProblem(problem: Omit<Problem, 'file'>): void {
    this.errorCount++;
    const errors = this.errors;
    if (errors.length === MAX_LISTED_ERRORS && errors[errors.length - 1].offset <= problem.offset) return;
    let low = 0;
    let high = errors.length;
    while (low < high) {
      const middle = (low + high) >> 1;
      if (errors[middle].offset <= problem.offset) low = middle + 1;
      else high = middle;
    }
    errors.splice(low, 0, { file: this.path, ...problem });
    if (errors.length > MAX_LISTED_ERRORS) errors.pop();
  }

  /** Counts a batch whose valid records were appended to `index` at `rows`. */
  addBatch(batch: RecordBatch, placement: BatchPlacement, rows: number[], index: RecordIndex): void {
    this.elements += batch.count;
    for (const problem of batch.problems) {
      if (problem.index < 0) this.addProblem({ line: problem.line, offset: problem.offset, message: problem.message });
      else this.addProblem({ line: problem.line, offset: problem.offset, record: placement.firstOrdinal + problem.index, message: problem.message });
    }
    for (const [name, count] of Object.entries(batch.roleNames)) this.roleNames[name] = (this.roleNames[name] ?? 0) + count;
    let next = 0;
    for (let item = 0; item < batch.count; item++) {
      if (batch.valid[item] !== 1) continue;
      const row = rows[next++];
      const position = this.records++;
      const flags = batch.flags[item];
      if (flags !== 0) this.addFlags(flags, placement.firstOrdinal + item, batch.ids[item], placement.lines?.[item] ?? 0, placement.starts[item]);
      const turns = batch.turns[item];
      if (turns < this.turnsMin) this.turnsMin = turns;
      if (turns > this.turnsMax) this.turnsMax = turns;
      this.turnsSum += turns;
      this.loss.true += batch.lossTrue[item];
      this.loss.false += batch.lossFalse[item];
      this.loss.null += batch.lossNull[item];
      const task = batch.tasks[item];
      if (task !== null) {
        this.tasks[task] = (this.tasks[task] ?? 0) + 1;
        if (this.agentTasks.has(task)) this.agentTaskRecords++;
      }
      const id = batch.ids[item];
      if (id === null) continue;
      const firstRow = this.firstRow;
      const earlier = this.ids.insert(batch.idHashes[item], position, (other) => index.idOf(firstRow + other) === id);
      if (earlier < 0) continue;
      const ordinal = placement.firstOrdinal + item;
      const first = index.ordinalOf(firstRow + earlier);
      index.markIdRepeats(row);
      index.markIdRepeats(firstRow + earlier);
      this.addFinding('repeated-id', { line: placement.lines?.[item] ?? 0, offset: placement.starts[item], record: ordinal }, id, first);
    }
  }

  /** Counts a record's flags: the findings they make, and the agent structure they show. */
  private addFlags(flags: number, ordinal: number, id: string | null, line: number, offset: number): void {
    if (flags & TOOL_CALLS) this.agentSignals.toolCalls++;
    if (flags & OUTCOME) this.agentSignals.outcome++;
    if (flags & ACTIONS) this.agentSignals.actions++;
    for (const [kind, definition] of Object.entries(FINDING_KINDS) as [FindingKind, (typeof FINDING_KINDS)[FindingKind]][]) {
      if (definition.flag !== 0 && (flags & definition.flag) !== 0) this.addFinding(kind, { line, offset, record: ordinal }, id);
    }
  }

  /** Counts one record of a finding, keeping the first {@link FINDING_EXAMPLES} in file order (`first`: the record a repeat repeats). */
  private addFinding(kind: FindingKind, where: Omit<Problem, 'file' | 'message'>, id: string | null, first = -1): void {
    let entry = this.findings.get(kind);
    if (entry === undefined) {
      entry = { count: 0, examples: [], ids: [], firsts: [] };
      this.findings.set(kind, entry);
    }
    entry.count++;
    if (entry.examples.length < FINDING_EXAMPLES) {
      entry.examples.push(where);
      entry.ids.push(id);
      entry.firsts.push(first);
    }
  }

  /** Turn statistics (zeros when there is no record). */
  turns(): { min: number; mean: number; max: number } {
    if (this.records === 0) return { min: 0, mean: 0, max: 0 };
    return { min: this.turnsMin, mean: Math.round((this.turnsSum / this.records) * 100) / 100, max: this.turnsMax };
  }

}
