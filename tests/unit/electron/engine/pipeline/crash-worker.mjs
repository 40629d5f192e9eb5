// A worker entry for the crash test: the real entry (through the tsx bootstrap), except that a
// pipeline range of a file whose path contains "crash-me" ends the thread abruptly, as a native
// crash or an out-of-memory would.
import process from 'node:process';
import worker from '../../../../../electron/workers/bootstrap.mjs';

export default async function runTask(task) {
  if (task.kind === 'pipeline-measure' && task.path.includes('crash-me')) process.exit(7);
  return worker(task);
}
