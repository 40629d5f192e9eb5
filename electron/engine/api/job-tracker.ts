import type { z } from 'zod';
import type { jobKindSchema, jobSchema } from '../../../shared/api/jobs';
import type { EventSink } from './event-sink';

/** The kind of a job. */
export type JobKind = z.infer<typeof jobKindSchema>;

/** A running job as the contract describes it. */
export type JobInfo = z.infer<typeof jobSchema>;

/** What a job's work receives: its cancel signal and a progress reporter. */
export interface JobControl {
  jobId: number;
  signal: AbortSignal;
  progress(stage: string, done: number, total: number, unit: string): void;
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

  /** Creates a tracker that reports to `emit`. */
  constructor(private readonly emit: EventSink) {}

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

/** The error a canceled job rejects with (dispatch maps it to the `canceled` failure code). */
function abortError(): Error {
  const error = new Error('The job was canceled.');
  error.name = 'AbortError';
  return error;
}
