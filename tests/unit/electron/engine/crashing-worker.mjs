/* global process */
// A worker entry that runs the real one but ends its thread on its second parse-records task, once
// per test (a marker file named by AGENTMIX_TEST_CRASH_MARKER records that it happened), to check
// that the engine reports a crash mid-ingest and stays usable.
import { existsSync, writeFileSync } from 'node:fs';
import { register } from 'tsx/esm/api';

register();
const real = (await import('../../../../electron/workers/index.ts')).default;
const marker = process.env.AGENTMIX_TEST_CRASH_MARKER;
let calls = 0;

export default async function runTask(task) {
  if (task.kind === 'parse-records' && ++calls === 2 && marker && !existsSync(marker)) {
    writeFileSync(marker, 'crashed');
    process.exit(7);
  }
  return real(task);
}
