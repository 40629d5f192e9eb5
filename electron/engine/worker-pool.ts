/**
 * A typed pool of worker threads over piscina: `run` takes a request of the protocol
 * (electron/workers/protocol.ts) and resolves to that kind's result. Errors thrown by a handler
 * come back as {@link WorkerTaskError} with the worker's name, message and stack; a thread that
 * dies rejects its task with {@link WorkerCrashError} and piscina starts a fresh thread, so the
 * pool stays usable. An AbortSignal cancels a queued or running task.
 */
import { availableParallelism } from 'node:os';
import { Piscina } from 'piscina';
import type { SerializedError, TaskKind, TaskMap, WorkerReply } from '../workers/protocol';
import { defaultWorkerUrl } from './worker-entry';

/** Options of {@link WorkerPool}. */
export interface WorkerPoolOptions {
  /** Threads (default: the machine's parallelism). */
  workers?: number;
  /** The worker entry; default: {@link defaultWorkerUrl}. */
  workerUrl?: URL;
}

/** An error a worker's handler threw, rebuilt on this side with the worker's stack. */
export class WorkerTaskError extends Error {
  /** The name of the error in the worker (`TypeError`, `RangeError`...). */
  readonly workerName: string;

  constructor(kind: string, serialized: SerializedError) {
    super(`worker task "${kind}" failed: ${serialized.message}`);
    this.name = 'WorkerTaskError';
    this.workerName = serialized.name;
    if (serialized.stack) this.stack = `${this.name}: ${this.message}\n--- in the worker ---\n${serialized.stack}`;
  }
}

/** The worker thread running a task ended abruptly (crash, exit, out of memory). */
export class WorkerCrashError extends Error {
  constructor(kind: string, cause: unknown) {
    super(`the worker thread running "${kind}" stopped unexpectedly (${cause instanceof Error ? cause.message : String(cause)}); the pool replaced it, so the task can be retried`, { cause });
    this.name = 'WorkerCrashError';
  }
}

/** The typed pool. */
export class WorkerPool {
  private readonly piscina: Piscina;

  constructor(options: WorkerPoolOptions = {}) {
    const threads = Math.max(1, options.workers ?? availableParallelism());
    this.piscina = new Piscina({
      filename: (options.workerUrl ?? defaultWorkerUrl()).href,
      minThreads: threads,
      maxThreads: threads,
      idleTimeout: 60_000,
    });
    // piscina emits 'error' for a reply to a task it no longer tracks (one cancelled, or in flight
    // while the pool is destroyed after a failed job); without a listener that would end the process.
    this.piscina.on('error', () => undefined);
  }

  /** Number of threads. */
  get size(): number {
    return this.piscina.maxThreads;
  }

  /** Runs a task; `transfer` lists buffers to move (not copy) to the worker. */
  async run<K extends TaskKind>(request: TaskMap[K]['request'] & { kind: K }, options: { transfer?: ArrayBuffer[]; signal?: AbortSignal } = {}): Promise<TaskMap[K]['result']> {
    let reply: WorkerReply;
    try {
      reply = (await this.piscina.run(request, { transferList: options.transfer, signal: options.signal ?? null })) as WorkerReply;
    } catch (error) {
      if (options.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) throw error;
      throw new WorkerCrashError(request.kind, error);
    }
    if (!reply.ok) throw new WorkerTaskError(request.kind, reply.error);
    return reply.value as TaskMap[K]['result'];
  }

  /** Stops every thread. */
  async destroy(): Promise<void> {
    await this.piscina.destroy();
  }
}
