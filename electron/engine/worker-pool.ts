/**
 * A typed pool of worker threads over piscina: `run` takes a request of the protocol
 * (electron/workers/protocol.ts) and resolves to that kind's result. Errors thrown by a handler
 * come back as {@link WorkerTaskError} with the worker's name, message and stack; a thread that
 * dies rejects its task with {@link WorkerCrashError} and piscina starts a fresh thread, so the
 * pool stays usable. An AbortSignal cancels a queued or running task. {@link WorkerPool.release}
 * stops the threads while nothing runs, and the next task starts them again, so a stage that needs
 * no worker does not hold their heaps (docs/scale.md, "Bounded memory").
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
  private piscina: Piscina | null = null;
  private readonly threads: number;
  private readonly filename: string;
  /** Tasks sent and not yet answered. */
  private running = 0;
  private destroyed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.threads = Math.max(1, options.workers ?? availableParallelism());
    this.filename = (options.workerUrl ?? defaultWorkerUrl()).href;
    this.threadsOf();
  }

  /** Number of threads. */
  get size(): number {
    return this.threads;
  }

  /** Whether the threads are up (false after {@link release} until the next task). */
  get started(): boolean {
    return this.piscina !== null;
  }

  /** The threads, started again after {@link release}. */
  private threadsOf(): Piscina {
    if (this.piscina !== null) return this.piscina;
    if (this.destroyed) throw new Error('the worker pool was destroyed');
    const piscina = new Piscina({ filename: this.filename, minThreads: this.threads, maxThreads: this.threads, idleTimeout: 60_000 });
    // piscina emits 'error' for a reply to a task it no longer tracks (one cancelled, or in flight
    // while the pool is destroyed after a failed job); without a listener that would end the process.
    piscina.on('error', () => undefined);
    this.piscina = piscina;
    return piscina;
  }

  /** Runs a task; `transfer` lists buffers to move (not copy) to the worker. */
  async run<K extends TaskKind>(request: TaskMap[K]['request'] & { kind: K }, options: { transfer?: ArrayBuffer[]; signal?: AbortSignal } = {}): Promise<TaskMap[K]['result']> {
    let reply: WorkerReply;
    const threads = this.threadsOf();
    this.running++;
    try {
      reply = (await threads.run(request, { transferList: options.transfer, signal: options.signal ?? null })) as WorkerReply;
    } catch (error) {
      if (options.signal?.aborted || (error instanceof Error && error.name === 'AbortError')) throw error;
      throw new WorkerCrashError(request.kind, error);
    } finally {
      this.running--;
    }
    if (!reply.ok) throw new WorkerTaskError(request.kind, reply.error);
    return reply.value as TaskMap[K]['result'];
  }

  /**
   * Stops the threads if no task is running (else does nothing); the next {@link run} starts them
   * again. Their heaps (hundreds of MB after a measuring pass) go back to the system.
   */
  async release(): Promise<void> {
    const piscina = this.piscina;
    if (piscina === null || this.running > 0) return;
    this.piscina = null;
    await piscina.destroy();
  }

  /** Stops every thread. */
  async destroy(): Promise<void> {
    const piscina = this.piscina;
    this.piscina = null;
    this.destroyed = true;
    await piscina?.destroy();
  }
}
