import type { z } from 'zod';
import type { jobKindSchema, jobSchema } from '../../../shared/api/jobs';
import type { EventSink } from './event-sink';

/** The kind of a job. */
export type JobKind = z.infer<typeof jobKindSchema>;

/** A running job as the contract describes it. */
export type JobInfo = z.infer<typeof jobSchema>;

/** What a job's work receives: its cancel signal, a progress reporter and the test hold. */
export interface JobControl {
  jobId: number;
  signal: AbortSignal;
  progress(stage: string, done: number, total: number, unit: string): void;
  /**
   * Called by the work when `stage` is done: resolves at once, unless the tracker's {@link TestHold}
   * names this job's kind and stage, in which case it settles only when the job is canceled.
   */
  hold(stage: string): Promise<void>;
}

/**
 * A test-only hold (docs/CONTRIBUTING.md, "Deterministic job tests"): jobs of `kind` wait after
 * `stage` until they are canceled, so an e2e test can cancel a job that cannot finish first. Only
 * `agentmix serve` sets it, from `AGENTMIX_TEST_HOLD=<kind>:<stage>`, and it says so when it does;
 * the desktop app never does.
 */
export interface TestHold {
  kind: JobKind;
  stage: string;
}

/** Progress events at most this often per job: enough for a smooth bar, cheap on the transport. */
const PROGRESS_INTERVAL_MS = 100;

/**
 * Runs long operations as jobs (docs/ui.md, "Jobs"): each gets an id, an AbortController
 * for `jobs.cancel`, throttled `onDidProgress` events, and exactly one `onDidFinishJob`.
 */
export class JobTracker {
  private nextId = 1;
  private readonly running = new Map<number, { info: JobInfo; controller: AbortController; lastProgressAt: number }>();

  /** Creates a tracker that reports to `emit`; `testHold` is for tests only (see {@link TestHold}). */
  constructor(
    private readonly emit: EventSink,
    private readonly testHold: TestHold | null = null,
  ) {}

  /** Runs `work` as a job and resolves or rejects with its outcome. */
  async run<T>(kind: JobKind, label: string, work: (control: JobControl) => Promise<T>): Promise<T> {
    const jobId = this.nextId++;
    const controller = new AbortController();
    const info: JobInfo = { jobId, kind, label, startedAt: Date.now(), progress: null };
    const entry = { info, controller, lastProgressAt: 0 };
    this.running.set(jobId, entry);
    this.emit('onDidStartJob', info);
    const control: JobControl = {
      jobId,
      signal: controller.signal,
      progress: (stage, done, total, unit) => {
        info.progress = { jobId, stage, done, total, unit };
        const now = Date.now();
        if (now - entry.lastProgressAt < PROGRESS_INTERVAL_MS && done < total) return;
        entry.lastProgressAt = now;
        this.emit('onDidProgress', info.progress);
      },
      hold: (stage) => (this.testHold !== null && this.testHold.kind === kind && this.testHold.stage === stage ? untilAborted(controller.signal) : Promise.resolve()),
    };
    const finish = (outcome: 'done' | 'canceled' | 'failed', message: string | null): void => {
      this.running.delete(jobId);
      this.emit('onDidFinishJob', { jobId, kind, outcome, message, elapsedMs: Date.now() - info.startedAt });
    };
    try {
      const result = await work(control);
      if (controller.signal.aborted) throw abortError();
      finish('done', null);
      return result;
    } catch (error) {
      const canceled = controller.signal.aborted;
      finish(canceled ? 'canceled' : 'failed', canceled ? `${label}: canceled` : error instanceof Error ? error.message : String(error));
      throw canceled ? abortError() : error;
    }
  }

  /** The jobs still running. */
  list(): JobInfo[] {
    return [...this.running.values()].map((entry) => ({ ...entry.info }));
  }

  /** Asks a job to stop; false when no such job is running. */
  cancel(jobId: number): boolean {
    const entry = this.running.get(jobId);
    if (!entry) return false;
    entry.controller.abort();
    return true;
  }

  /** The number of running jobs. */
  get size(): number {
    return this.running.size;
  }
}

/** A promise that rejects with {@link abortError} when `signal` aborts, and never settles before. */
function untilAborted(signal: AbortSignal): Promise<never> {
  return new Promise((_resolve, reject) => {
    if (signal.aborted) reject(abortError());
    else signal.addEventListener('abort', () => reject(abortError()), { once: true });
  });
}

/** The error a canceled job rejects with (dispatch maps it to the `canceled` failure code). */
function abortError(): Error {
  const error = new Error('The job was canceled.');
  error.name = 'AbortError';
  return error;
}
