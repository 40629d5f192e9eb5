import { useAppServices } from '../../app/api-context';
import { useAction } from '../../app/use-action';
import { Name } from '../../app/name';
import { formatSeconds, jobRate } from './job-rate';
import type { JobsState } from './use-jobs';

/** Formats a progress amount in its unit (bytes as MB). */
function amount(value: number, unit: string): string {
  return unit === 'bytes' ? `${(value / 1_048_576).toFixed(1)} MB` : `${Math.round(value).toLocaleString()} ${unit}`;
}

/** A running job's rate and time left. */
function JobSpeed({ done, total, unit, startedAt }: { done: number; total: number; unit: string; startedAt: number }): React.JSX.Element | null {
  const rate = jobRate(done, total, startedAt, Date.now());
  if (rate.perSecond === null) return null;
  return (
    <span className="job-rate muted" data-testid="job-rate">
      {`${amount(rate.perSecond, unit)}/s`}
      {rate.secondsLeft !== null && rate.secondsLeft > 0 ? `, about ${formatSeconds(rate.secondsLeft)} left` : ''}
    </span>
  );
}

/** Running jobs with progress bars and Cancel buttons; failed jobs as readable messages. */
export function JobsBar({ jobs }: { jobs: JobsState }): React.JSX.Element | null {
  const { client } = useAppServices();
  const cancel = useAction();
  if (jobs.running.length === 0 && jobs.failures.length === 0 && cancel.error === null) return null;
  return (
    <section className="jobs" aria-label="Jobs">
      {jobs.running.map((job) => {
        const progress = job.progress;
        const fraction = progress && progress.total > 0 ? progress.done / progress.total : null;
        return (
          <div className="job" key={job.jobId} data-testid="job">
            <Name className="job-label" text={job.label} />
            <progress max={1} value={fraction ?? undefined} aria-label={`${job.label} progress`} />
            <span className="job-amount">{progress ? `${progress.stage}: ${amount(progress.done, progress.unit)} of ${amount(progress.total, progress.unit)}` : 'starting…'}</span>
            {progress && <JobSpeed done={progress.done} total={progress.total} unit={progress.unit} startedAt={job.startedAt} />}
            <button type="button" disabled={cancel.busy} onClick={() => void cancel.run(() => client.call('jobs.cancel', { jobId: job.jobId }))} aria-label={`Cancel ${job.label}`}>
              Cancel
            </button>
          </div>
        );
      })}
      {cancel.error !== null && (
        <div className="job job-failed" role="alert">
          <span>{`The job could not be cancelled: ${cancel.error}`}</span>
          <button type="button" onClick={cancel.dismiss} aria-label="Dismiss the message">
            Dismiss
          </button>
        </div>
      )}
      {jobs.failures.map((end) => (
        <div className="job job-failed" role="alert" key={end.jobId}>
          <span>{end.message ?? 'The job failed.'}</span>
          <button type="button" onClick={() => jobs.dismiss(end.jobId)} aria-label="Dismiss the message">
            Dismiss
          </button>
        </div>
      ))}
    </section>
  );
}
