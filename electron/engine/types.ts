import type { Mapping } from '../../shared/formats/mapping-schema';
import type { FormatName } from '../../shared/formats/types';
import type { Conversation } from '../../shared/schema/conversation';
import type { Problem } from '../../shared/schema/problem';
import type { Finding } from './findings';

/** How a file holds its records, detected from its bytes; `unreadable` when it cannot be opened or decoded at all. */
export type Container = 'array' | 'jsonl' | 'object' | 'parquet' | 'empty' | 'not-json' | 'unreadable';

/** A source's role in the mix: AgentInstruct-like trajectories or general chat data. */
export type SourceRole = 'agent' | 'general';

/** Per-open settings; `format` and `role` override detection. */
export interface SourceOptions {
  format?: FormatName | 'auto';
  role?: SourceRole;
  /** The task of records whose id and fields name none. */
  task?: string | null;
  /** Read the records through this mapping (docs/formats.md, "Mappings"); the format is then the mapping's. */
  mapping?: Mapping | null;
  /** The dataset's name when the source comes from a `dataset_info.json`. */
  dataset?: string;
}

/** Progress of a long operation: `done` of `total` `unit`s in `stage`. */
export interface Progress {
  stage: string;
  done: number;
  total: number;
  unit: string;
}

/** Events of {@link Engine.openSources}. */
export interface OpenEvents {
  onProgress?: (progress: Progress) => void;
  signal?: AbortSignal;
}

/** What the engine knows about an open source: what `inspect --json` prints, and more. */
export interface SourceInfo {
  id: number;
  path: string;
  /** sha256 of the file's bytes, hex. */
  hash: string;
  /** The first 8 hex digits of the hash: the prefix of every record key of this source. */
  keyPrefix: string;
  bytes: number;
  container: Container;
  /** The format records were read as, or null when the file holds no conversations. */
  format: FormatName | null;
  role: SourceRole;
  /** Valid records. */
  records: number;
  /** Records seen, valid or not. */
  elements: number;
  tasks: Record<string, number>;
  turns: { min: number; mean: number; max: number };
  loss: { true: number; false: number; null: number };
  errorCount: number;
  /** The first {@link MAX_LISTED_ERRORS} problems, in file order. */
  errors: Problem[];
  /** Why the file holds no conversations (an evaluation set, a format we do not read...). */
  notConversations?: string;
  /** The text encoding on disk (the records are read as UTF-8 from {@link dataPath} when it is not UTF-8). */
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be';
  compression: 'gzip' | null;
  /**
   * The decoded UTF-8 copy in the engine's cache folder that records are read from by byte offset,
   * when the file is compressed or in another encoding; absent otherwise (read {@link path}).
   */
  dataPath?: string;
  /**
   * Set when part of the file could not be read at all (it cannot be opened or decoded, a Parquet
   * footer or row group is damaged, a folder holds no shard): the first such reason. Records lost
   * one by one (a broken line) do not set it. A recipe source marked `required` fails the run on it.
   */
  readFailure?: string;
  /** Why the source has its role (docs/formats.md, "Roles"). */
  roleReason: string;
  /** Turns by the role name as written. */
  roleNames: Record<string, number>;
  /** Records that cannot train, repairs, repeated ids and notes, each with a count and the first examples (electron/engine/findings.ts). */
  findings: Finding[];
  /** True when the file is one JSON object whose values are the records (keyed by their ids). */
  keyed?: boolean;
  /** The mapping its records are read through (docs/formats.md, "Mappings"). */
  mapping?: Mapping;
  /** The dataset's name when the source comes from a `dataset_info.json`. */
  dataset?: string;
  /** For records no format reads: a mapping guessed from their keys, for the user to check and give. */
  suggestedMapping?: Mapping;
}

/** The file records of a source are read from by offset: the decoded copy, or the file itself. */
export function recordsPath(info: Pick<SourceInfo, 'path' | 'dataPath'>): string {
  return info.dataPath ?? info.path;
}

/** The problems listed per source (the rest are only counted). */
export const MAX_LISTED_ERRORS = 100;

/** A record read in full from disk. */
export interface LoadedRecord {
  key: string;
  sourceId: number;
  ordinal: number;
  /** The record's raw JSON text, exactly as in the file (Parquet: the row as JSON). */
  text: string;
  value: unknown;
  conversation: Conversation;
}
