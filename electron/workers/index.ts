/**
 * The one worker entry of the pool: dispatches on `task.kind` to a handler (see protocol.ts for
 * how to add a kind). Handlers throw; this entry turns errors into values so that the pool can
 * rebuild them with the worker's stack.
 */
import { diagnose } from './diagnose';
import { parseRecords } from './parse-records';
import { measureRange } from './pipeline-measure';
import { readParquetRows } from './parquet-rows';
import { serializeError, type TaskKind, type TaskMap, type WorkerReply, type WorkerTask } from './protocol';

type Handlers = { [K in TaskKind]: (request: TaskMap[K]['request']) => TaskMap[K]['result'] | Promise<TaskMap[K]['result']> };

const HANDLERS: Handlers = {
  'parse-records': parseRecords,
  'parquet-rows': readParquetRows,
  diagnose,
  'pipeline-measure': measureRange,
};

/** Runs one task (piscina calls this in the worker thread). */
export default async function runTask(task: WorkerTask): Promise<WorkerReply> {
  try {
    const handler = HANDLERS[task.kind] as (request: WorkerTask) => unknown;
    if (typeof handler !== 'function') throw new TypeError(`unknown worker task kind "${String(task.kind)}"`);
    return { ok: true, value: await handler(task) };
  } catch (error) {
    return { ok: false, error: serializeError(error) };
  }
}
