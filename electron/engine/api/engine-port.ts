import type { FilterName } from '../../../shared/filters/index';
import type { Conversation } from '../../../shared/schema/conversation';
import type { ExportRequest } from '../export/export-request';
import type { ExportEvents, ExportPreview, ExportRun } from '../export/run-export';
import type { PipelineResult } from '../pipeline/pipeline-result';
import type { IndexColumns } from './column-view';
import type { VerdictSource } from './verdict-source';

/**
 * What the API handlers need from the engine, in the handlers' own terms. The engine facade
 * (electron/engine/engine.ts) is adapted to this port in one place (engine-adapter.ts), so a change
 * of the engine's shapes touches one file, and the handlers can be tested against a small fake.
 */

/** One problem of a source: 1-based line, byte offset, message. */
export interface PortProblem {
  line: number;
  offset: number;
  record?: number;
  message: string;
}

/** An open source. */
export interface PortSource {
  sourceId: number;
  path: string;
  hash: string;
  /** The hash prefix that starts every record key of this source. */
  keyPrefix: string;
  format: string;
  role: 'agent' | 'general';
  records: number;
  tasks: Record<string, number>;
  turns: { min: number; mean: number; max: number };
  errorCount: number;
  errors: PortProblem[];
  /** Why the file holds no conversations (an evaluation set, a format we do not read), or null. */
  notice: string | null;
}

/** The summary of one record, by row number in the engine's index. */
export interface PortRow {
  key: string;
  sourceId: number;
  ordinal: number;
  id: string | null;
  task: string | null;
  turns: number;
  chars: number;
  tokens: number | null;
  reward: number | null;
  trained: number;
  masked: number;
  firstUserText: string;
}

/** A record read in full from disk. */
export interface PortRecord {
  key: string;
  sourceId: number;
  ordinal: number;
  text: string;
  value: unknown;
  conversation: Conversation;
}

/** Progress of indexing, as the engine reports it. */
export interface PortProgress {
  stage: string;
  done: number;
  total: number;
  unit: string;
}

/** Options of {@link EnginePort.openSources}. */
export interface PortOpenOptions {
  format?: string;
  role?: 'agent' | 'general';
  task?: string | null;
}

/** An open recipe. */
export interface PortRecipe {
  file: string;
  description: string | null;
  sources: number;
  evalSets: number;
}

/** A pipeline run in counts. */
export interface PortPipelineSummary {
  records: number;
  kept: number;
  dropped: number;
  milliseconds: number;
}

/** The last run's verdict on one record. */
export interface PortVerdict {
  kept: boolean;
  reasons: { stage: string; rule: string; message: string; turn: number | null }[];
  cluster: number | null;
  duplicateOf: string | null;
  leakage: { score: number; evalSet: string; evalItem: number; spans: { turn: number; start: number; end: number }[] } | null;
}

/** The engine, as the API handlers use it. */
export interface EnginePort {
  openSources(paths: string[], options: PortOpenOptions, events: { onProgress?: (progress: PortProgress) => void; signal?: AbortSignal }): Promise<PortSource[]>;
  listSources(): PortSource[];
  closeSource(sourceId: number): void;
  /** Records in the index (all open sources). */
  rowCount(): number;
  /** The summary of row `row` (0 ≤ row < rowCount()). */
  row(row: number): PortRow;
  /** The row of a record key among the open sources' rows, or -1. */
  rowOfKey(key: string): number;
  /**
   * The record index's columns, for views computed column by column (column-view.ts); an engine
   * without them (a test's fake) gets views computed from each row's summary.
   */
  columns?(): { index: IndexColumns; keyPrefix(sourceId: number): string };
  /** Reads a record by key; rejects when the key is unknown. */
  readRecord(key: string): Promise<PortRecord>;
  /** Reads and checks a recipe, opens its sources, and keeps it as the current recipe. */
  openRecipe(path: string, events: { onProgress?: (progress: PortProgress) => void; signal?: AbortSignal }): Promise<PortRecipe>;
  currentRecipe(): PortRecipe | null;
  /** Runs the current recipe's pipeline; rejects when no recipe is open. */
  runPipeline(events: { onProgress?: (progress: PortProgress) => void; signal?: AbortSignal; hold?: (stage: string) => Promise<void> }): Promise<PortPipelineSummary>;
  /** The last run's verdict on a record, or null. */
  verdictOf(key: string): PortVerdict | null;
  /** The grid's verdict columns, from the last run. */
  readonly verdicts: VerdictSource;
  /** The last pipeline run with its stored measurements (filters panel, duplicates, leakage), or null. */
  lastRun?(): PipelineResult | null;
  /**
   * Measures filters the last run did not (a filter switched on after the run, the length filter's
   * tokens for an export); resolves to those it measured (docs/scale.md, "Pay only for what is on").
   */
  measureFilters?(filters: readonly FilterName[], events: { onProgress?: (progress: PortProgress) => void; signal?: AbortSignal }): Promise<FilterName[]>;
  /** What exporting the last run would write (export dialog). */
  previewExport?(request: ExportRequest): ExportPreview;
  /** Writes the last run's export. */
  exportMix?(request: ExportRequest, events: ExportEvents): Promise<ExportRun>;
  dispose(): Promise<void>;
}
