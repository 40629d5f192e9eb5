import { open } from 'node:fs/promises';
import { AGENT_TASKS } from '../../../shared/schema/conversation';
import type { IdTable } from '../id-table';
import type { RecordIndex } from '../record-index';
import type { WorkerPool } from '../worker-pool';
import type { Container, SourceInfo, SourceOptions } from '../types';
import { DETECTION_BYTES, detectContainer } from './detect-container';
import { describeFsError, SourceOpenError } from './expand-paths';
import type { FormatDecision } from './format-decision';
import { PieceLayoutError } from './batch-flow';
import { readJsonSource } from './read-json-source';
import { hashFile, readParquetSource } from './read-parquet-source';
import { SourceStats } from './source-stats';

const AGENT_TASK_SET: ReadonlySet<string> = new Set(AGENT_TASKS);

/** What indexing one file needs. */
export interface OpenSourceContext {
  sourceId: number;
  path: string;
  options: SourceOptions;
  pool: WorkerPool;
  index: RecordIndex;
  chunkBytes: number;
  previewChars: number;
  /** Let workers scan pieces of pretty-printed arrays. */
  pieces?: boolean;
  signal?: AbortSignal;
  onBytes?: (bytes: number) => void;
}

/** An indexed source: its info and its id table, which resolves record keys. */
export interface IndexedSource {
  info: SourceInfo;
  ids: IdTable;
}

/**
 * Indexes one file: detects the container, streams it through the scanner and the workers, and
 * sums up what it found. Problems inside the file are collected, never thrown; only a file that
 * cannot be opened rejects (with {@link SourceOpenError}).
 */
export async function openSource(context: OpenSourceContext): Promise<IndexedSource> {
  const { path } = context;
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    throw new SourceOpenError(path, describeFsError(error));
  }
  let stats = new SourceStats(path, AGENT_TASK_SET, context.index.count);
  let container: Container;
  let hash: string;
  let decision: FormatDecision;
  let size: number;
  try {
    size = (await handle.stat()).size;
    const head = Buffer.alloc(Math.min(DETECTION_BYTES, size));
    await handle.read(head, 0, head.length, 0);
    const guess = detectContainer(head);
    container = guess.container;
    if (container === 'array' || container === 'jsonl' || container === 'object') {
      try {
        ({ hash, decision } = await readJsonSource({ ...context, handle, size, container, stats }));
      } catch (error) {
        if (!(error instanceof PieceLayoutError)) throw error;
        // Broken or oddly indented: read it again, scanning every byte here.
        context.index.removeSource(context.sourceId);
        stats = new SourceStats(path, AGENT_TASK_SET, context.index.count);
        ({ hash, decision } = await readJsonSource({ ...context, handle, size, container, stats, pieces: false }));
      }
    } else if (container === 'parquet') {
      await handle.close();
      handle = null;
      ({ hash, decision } = await readParquetSource({ ...context, stats }));
    } else {
      hash = await hashFile(path, context.signal, context.onBytes);
      const found = guess.offset < head.length ? head[guess.offset] : -1;
      const message = container === 'empty'
        ? `the file is empty${size > 0 ? ' (only whitespace)' : ''}: expected a JSON array, JSON Lines, one JSON object or a Parquet file`
        : `not JSON: the file starts with ${found >= 0x20 && found < 0x7f ? `'${String.fromCharCode(found)}'` : `byte 0x${found.toString(16)}`}; expected '[' (a JSON array), '{' (JSON Lines or one object) or a Parquet file`;
      stats.addProblem({ line: guess.line, offset: guess.offset, message });
      decision = { format: null, notConversations: message };
    }
  } finally {
    await handle?.close();
  }
  const format = decision.format;
  const role = context.options.role ?? (format === 'agentinstruct' || (stats.records > 0 && stats.agentTaskRecords * 2 >= stats.records) ? 'agent' : 'general');
  const info: SourceInfo = {
    id: context.sourceId,
    path,
    hash,
    keyPrefix: hash.slice(0, 8),
    bytes: size,
    container,
    format,
    role,
    records: stats.records,
    elements: stats.elements,
    tasks: stats.tasks,
    turns: stats.turns(),
    loss: stats.loss,
    errorCount: stats.errorCount,
    errors: stats.errors,
  };
  if (decision.format === null) info.notConversations = decision.notConversations;
  return { info, ids: stats.ids };
}
