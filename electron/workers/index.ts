/**
 * The one worker entry of the pool: dispatches on `task.kind` to a handler (see protocol.ts for
 * how to add a kind). Handlers are imported the first time a task of their kind arrives, so a
 * thread that only reads shards never loads the filters' tokenizer, and the other way round.
 * Handlers throw; this entry turns errors into values so that the pool can rebuild them with the
 * worker's stack.
 */
import { serializeError, type TaskKind, type TaskMap, type WorkerReply, type WorkerTask } from './protocol';

type Handler<K extends TaskKind> = (request: TaskMap[K]['request']) => TaskMap[K]['result'] | Promise<TaskMap[K]['result']>;
type Loaders = { [K in TaskKind]: () => Promise<Handler<K>> };

const LOADERS: Loaders = {
  'parse-records': async () => (await import('./parse-records')).parseRecords,
  'parquet-rows': async () => (await import('./parquet-rows')).readParquetRows,
  'parquet-open': async () => (await import('./parquet-open')).openParquetShard,
  diagnose: async () => (await import('./diagnose')).diagnose,
  'pipeline-measure': async () => (await import('./pipeline-measure')).measureRange,
};

const loaded = new Map<TaskKind, (request: WorkerTask) => unknown>();

/** Runs one task (piscina calls this in the worker thread). */
export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  try {
    let handler = loaded.get(task.kind);
    if (handler === undefined) {
      const load = LOADERS[task.kind] as (() => Promise<(request: WorkerTask) => unknown>) | undefined;
      if (typeof load !== 'function') throw new TypeError(`unknown worker task kind "${String(task.kind)}"`);
      handler = await load();
      loaded.set(task.kind, handler);
    }
    return { ok: true, value: await handler(task) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
