import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { AGENT_TASKS } from '../../../shared/schema/conversation';
import type { IdTable } from '../id-table';
import type { RecordIndex } from '../record-index';
import type { WorkerPool } from '../worker-pool';
import type { Container, SourceInfo, SourceOptions } from '../types';
import { PieceLayoutError } from './batch-flow';
import { decodeSource, type DecodedSource } from './decode-source';
import { DETECTION_BYTES, detectContainer, firstLineOutruns } from './detect-container';
import { describeFsError } from './expand-paths';
import type { FormatDecision } from './format-decision';
import { readJsonSource } from './read-json-source';
import { hashFile, readParquetSource } from './read-parquet-source';
import { sniffBytes } from './sniff-bytes';
import { SourceStats } from './source-stats';
import { sourceFindings } from '../findings';
import { decideRole } from './role-decision';

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
  /** Records longer than this are problems (docs/ingest.md, "Limits"). */
  maxRecordBytes: number;
  /** The engine's cache folder, where decoded copies of gzip and UTF-16/32 files go (made on first use). */
  cacheFolder: () => Promise<string>;
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

/** What reading the bytes gave, before the summary. */
interface ReadOutcome {
  container: Container;
  hash: string;
  decision: FormatDecision;
}

/**
 * Indexes one file: decodes it when it is gzip or UTF-16/32, detects the container, streams it
 * through the scanner and the workers, and sums up what it found. Every problem, of a record or
 * of the whole file (it cannot be opened, its Parquet footer is damaged...), is collected in the
 * source's info, never thrown: one bad file is one problem and the other files go on.
 */
export async function openSource(context: OpenSourceContext): Promise<IndexedSource> {
  const { path } = context;
  let stats = new SourceStats(path, AGENT_TASK_SET, context.index.count);
  let handle: FileHandle;
  let size = 0;
  try {
    // Non-blocking, so that a pipe that slipped past the folder walk cannot hold the open forever.
    handle = await open(path, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    return unreadableSource(context, stats, `the file cannot be opened: ${describeFsError(error)}`);
  }
  let decoded: DecodedSource | null = null;
  let dataPath: string | undefined;
  let outcome: ReadOutcome;
  try {
    const info = await handle.stat();
    if (!info.isFile()) return unreadableSource(context, stats, 'not a regular file (a named pipe, device or socket): not read, since reading it could wait forever');
    size = info.size;
    const first = Buffer.alloc(Math.min(16, size));
    await handle.read(first, 0, first.length, 0);
    const sniffed = sniffBytes(first);
    if (sniffed.kind === 'foreign') {
      outcome = await refuse(context, stats, `not JSON or Parquet: the file is ${sniffed.what}; ${sniffed.advice}`);
    } else if (sniffed.kind === 'gzip' || sniffed.encoding !== 'utf-8') {
      await handle.close();
      dataPath = join(await context.cacheFolder(), `${context.sourceId}-${basename(path)}.utf8`);
      decoded = await decodeSource({ path, target: dataPath, gzip: sniffed.kind === 'gzip', signal: context.signal, onBytes: context.onBytes });
      handle = await open(dataPath, 'r');
      if (decoded.refused !== null) outcome = { container: 'not-json', hash: decoded.hash, decision: { format: null, notConversations: decoded.refused } };
      else outcome = await readBytes(context, stats, handle, (await handle.stat()).size, dataPath, decoded.encoding);
      outcome.hash = decoded.hash;
    } else {
      outcome = await readBytes(context, stats, handle, size, path);
    }
  } catch (error) {
    if (!(error instanceof PieceLayoutError)) {
      context.signal?.throwIfAborted();
      if (isFsError(error)) {
        // An I/O error part way: none of the file's records stay (the source says why).
        context.index.removeSource(context.sourceId);
        return unreadableSource(context, new SourceStats(path, AGENT_TASK_SET, context.index.count), `the file cannot be read: ${describeFsError(error)}`);
      }
      throw error;
    }
    // Broken or oddly indented: read it again, scanning every byte here.
    context.index.removeSource(context.sourceId);
    stats = new SourceStats(path, AGENT_TASK_SET, context.index.count);
    outcome = await readBytes({ ...context, pieces: false }, stats, handle, (await handle.stat()).size, dataPath ?? path, decoded?.encoding);
    if (decoded !== null) outcome.hash = decoded.hash;
  } finally {
    await handle.close().catch(() => undefined);
  }
  if (decoded !== null) {
    if (decoded.refused !== null) stats.addProblem({ line: 0, offset: 0, message: decoded.refused });
    for (const problem of decoded.problems) stats.addProblem(problem);
  }
  const format = outcome.decision.format;
  const { role, reason: roleReason } = decideRole(context.options.role, format, stats);
  const info: SourceInfo = {
    ...summary(context, stats, outcome.container, outcome.hash, size),
    format,
    role,
    roleReason,
    findings: sourceFindings(stats, format),
    encoding: decoded?.encoding ?? 'utf-8',
    compression: decoded?.compression ?? null,
  };
  if (dataPath !== undefined) info.dataPath = dataPath;
  if (context.options.mapping !== undefined && context.options.mapping !== null) info.mapping = context.options.mapping;
  if (context.options.dataset !== undefined) info.dataset = context.options.dataset;
  if (outcome.decision.format === null) {
    info.notConversations = outcome.decision.notConversations;
    if (outcome.decision.suggestedMapping !== undefined) info.suggestedMapping = outcome.decision.suggestedMapping;
  }
  else if (outcome.decision.keyed === true) info.keyed = true;
  const failure = stats.readFailure ?? decoded?.refused ?? decoded?.problems[0]?.message;
  if (failure !== undefined) info.readFailure = failure;
  return { info, ids: stats.ids };
}

/**
 * A source's key prefix: the first 8 hex digits of the SHA-256 of its bytes ('' for a file that
 * cannot be read, which has no records). A record key is `<prefix>:<rest>`, split at its first
 * colon (Engine.rowOfKey) and sorted as prefix then rest (api/key-sort.ts), so a prefix must hold
 * no colon: it is hex digits or nothing, and anything else is refused here.
 */
export function keyPrefixOf(hash: string): string {
  const prefix = hash.slice(0, 8);
  if (!/^([0-9a-f]{8})?$/.test(prefix)) throw new Error(`a source's hash must be a hex digest, not ${JSON.stringify(hash)}`);
  return prefix;
}

/** The fields of a source's info that come from its stats. */
function summary(context: Pick<OpenSourceContext, 'sourceId' | 'path'>, stats: SourceStats, container: Container, hash: string, bytes: number): Omit<SourceInfo, 'format' | 'role' | 'roleReason' | 'findings' | 'encoding' | 'compression'> {
  return {
    id: context.sourceId,
    path: context.path,
    hash,
    keyPrefix: keyPrefixOf(hash),
    bytes,
    container,
    records: stats.records,
    elements: stats.elements,
    tasks: stats.tasks,
    turns: stats.turns(),
    loss: stats.loss,
    errorCount: stats.errorCount,
    errors: stats.errors,
    roleNames: stats.roleNames,
  };
}

/** Reads a UTF-8 (or decoded) file: Parquet, JSON, or a problem saying what it is instead. */
async function readBytes(context: OpenSourceContext, stats: SourceStats, handle: FileHandle, size: number, readPath: string, encoding = 'utf-8'): Promise<ReadOutcome> {
  const head = Buffer.alloc(Math.min(DETECTION_BYTES, size));
  await handle.read(head, 0, head.length, 0);
  const tail = Buffer.alloc(Math.min(4, size));
  await handle.read(tail, 0, tail.length, size - tail.length);
  let guess = detectContainer(head, tail);
  if ((guess.container === 'not-json' || guess.container === 'object') && size > head.length && firstLineOutruns(head, guess.lineEnd)) {
    // A first line longer than the head (a long garbage line): judge by the lines after it.
    const later = await secondLine(handle, head.length, size, guess.lineEnd === 'cr' ? 0x0d : 0x0a);
    if (later !== null) guess = detectContainer(head, tail, later);
  }
  const container = guess.container;
  const flow = { ...context, stats, encoding };
  if (container === 'array' || container === 'jsonl' || container === 'object') {
    const { hash, decision } = await readJsonSource({ ...flow, handle, size, container, lineEnd: guess.lineEnd });
    return { container, hash, decision };
  }
  if (container === 'parquet') {
    const { hash, decision } = await readParquetSource({ ...flow, path: readPath, size });
    return { container, hash, decision };
  }
  const found = guess.offset < head.length ? head[guess.offset] : -1;
  const message = container === 'empty'
    ? `the file is empty${size > 0 ? ' (only whitespace)' : ''}: expected a JSON array, JSON Lines, one JSON object or a Parquet file`
    : `not JSON: the file starts with ${found >= 0x20 && found < 0x7f ? `'${String.fromCharCode(found)}'` : `byte 0x${found.toString(16)}`}; expected '[' (a JSON array), '{' (JSON Lines or one object) or a Parquet file`;
  return refuse(context, stats, message, { line: guess.line, offset: guess.offset }, container);
}

/** Up to {@link DETECTION_BYTES} from the start of the second line (searched from `from`), or null when there is none. */
async function secondLine(handle: FileHandle, from: number, size: number, breakByte: number): Promise<Buffer | null> {
  const buffer = Buffer.allocUnsafe(DETECTION_BYTES);
  for (let position = from; position < size; ) {
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, position);
    if (bytesRead === 0) return null;
    const found = buffer.subarray(0, bytesRead).indexOf(breakByte);
    if (found >= 0) {
      const sample = Buffer.alloc(Math.min(DETECTION_BYTES, size - (position + found + 1)));
      await handle.read(sample, 0, sample.length, position + found + 1);
      return sample;
    }
    position += bytesRead;
  }
  return null;
}

/** A file with nothing to read: one problem at `where` (the whole file by default). */
async function refuse(context: OpenSourceContext, stats: SourceStats, message: string, where = { line: 0, offset: 0 }, container: Container = 'not-json'): Promise<ReadOutcome> {
  stats.addProblem({ ...where, message });
  if (container !== 'empty') stats.readFailure ??= message;
  return { container, hash: await hashFile(context.path, context.signal, context.onBytes), decision: { format: null, notConversations: message } };
}

/** The info of a file that cannot be read at all: no records, one problem. */
function unreadableSource(context: Pick<OpenSourceContext, 'sourceId' | 'path' | 'options'>, stats: SourceStats, reason: string): IndexedSource {
  stats.addProblem({ line: 0, offset: 0, message: reason });
  const info: SourceInfo = {
    ...summary(context, stats, 'unreadable', '', 0),
    format: null,
    role: context.options.role ?? 'general',
    roleReason: context.options.role !== undefined ? 'set by --role (or the recipe)' : 'no records: the file cannot be read',
    findings: [],
    encoding: 'utf-8',
    compression: null,
    notConversations: reason,
    readFailure: reason,
  };
  return { info, ids: stats.ids };
}

/** The info of an entry of a folder that cannot be read (a link loop, a folder with no shard...). */
export function unreadableEntry(sourceId: number, path: string, reason: string, options: SourceOptions): IndexedSource {
  const stats = new SourceStats(path, AGENT_TASK_SET, 0);
  return unreadableSource({ sourceId, path, options }, stats, reason);
}

function isFsError(error: unknown): boolean {
  const code = (error as { code?: unknown }).code;
  return typeof code === 'string' && /^E[A-Z]+$/.test(code);
}
