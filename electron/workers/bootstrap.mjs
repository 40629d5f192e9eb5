// Loads the worker entry from its TypeScript source through tsx, for engines running from source
// (the unit tests, benchmarks, `node bin/run-ts.mjs`). Compiled programs use the bundled worker
// out/engine/worker.mjs instead (electron/engine/worker-pool.ts, useWorkerEntry).
import { register } from 'tsx/esm/api';

register();
const worker = await import('./index.ts');
export default worker.default;
