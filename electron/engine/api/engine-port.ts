import type { Conversation } from '../../../shared/schema/conversation';

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

/** The engine, as the API handlers use it. */
export interface EnginePort {
  openSources(paths: string[], options: PortOpenOptions, events: { onProgress?: (progress: PortProgress) => void; signal?: AbortSignal }): Promise<PortSource[]>;
  listSources(): PortSource[];
  closeSource(sourceId: number): void;
  /** Records in the index (all open sources). */
  rowCount(): number;
  /** The summary of row `row` (0 ≤ row < rowCount()). */
  row(row: number): PortRow;
  /** Reads a record by key; rejects when the key is unknown. */
  readRecord(key: string): Promise<PortRecord>;
  dispose(): Promise<void>;
}
