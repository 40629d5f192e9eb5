import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** `jobs.list` and `jobs.cancel`. */
export function jobHandlers(services: ApiServices): HandlerModule<'jobs.list' | 'jobs.cancel'> {
  return {
    'jobs.list': () => ({ jobs: services.jobs.list() }),
    'jobs.cancel': ({ jobId }) => ({ canceled: services.jobs.cancel(jobId), running: services.jobs.size }),
  };
}
