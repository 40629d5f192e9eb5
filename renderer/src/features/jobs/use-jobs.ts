import { useEffect, useState } from 'react';
import { useAppServices } from '../../app/api-context';
import { loadFailed } from '../../app/load-failed';
import type { JobEnd, JobInfo } from '../../api/types';

/** Jobs still running, and the failures of those that ended badly (until dismissed). */
export interface JobsState {
  running: JobInfo[];
  failures: JobEnd[];
  dismiss(jobId: number): void;
}

/** Follows jobs through their events (docs/ui.md, "Jobs"). */
export function useJobs(): JobsState {
  const { client } = useAppServices();
  const [running, setRunning] = useState<JobInfo[]>([]);
  const [failures, setFailures] = useState<JobEnd[]>([]);
  useEffect(() => {
    let active = true;
    void client.call('jobs.list', {}).then(({ jobs }) => active && setRunning(jobs), loadFailed('the running jobs'));
    const stops = [
      client.on('onDidStartJob', (job) => setRunning((jobs) => [...jobs.filter((other) => other.jobId !== job.jobId), job])),
      client.on('onDidProgress', (progress) => setRunning((jobs) => jobs.map((job) => (job.jobId === progress.jobId ? { ...job, progress } : job)))),
      client.on('onDidFinishJob', (end) => {
        setRunning((jobs) => jobs.filter((job) => job.jobId !== end.jobId));
        if (end.outcome === 'failed') setFailures((ends) => [...ends, end]);
      }),
    ];
    return () => {
      active = false;
      for (const stop of stops) stop();
    };
  }, [client]);
  return { running, failures, dismiss: (jobId) => setFailures((ends) => ends.filter((end) => end.jobId !== jobId)) };
}
