/** A job's rate and time left, from its progress and when it started. */
export interface JobRate {
  /** Units per second since the job started, or null before any progress. */
  perSecond: number | null;
  /** Seconds left at that rate, or null when unknown. */
  secondsLeft: number | null;
}

/**
 * The rate of a job over its whole run so far (done / elapsed) and the time left at that rate. The
 * whole-run average is steadier than the last interval's (stages report in uneven batches).
 */
export function jobRate(done: number, total: number, startedAt: number, now: number): JobRate {
  const seconds = (now - startedAt) / 1000;
  if (done <= 0 || seconds <= 0) return { perSecond: null, secondsLeft: null };
  const perSecond = done / seconds;
  return { perSecond, secondsLeft: total > done ? (total - done) / perSecond : 0 };
}

/** A duration as "12 s" or "3 min 5 s". */
export function formatSeconds(seconds: number): string {
  if (seconds < 60) return `${Math.ceil(seconds)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}
