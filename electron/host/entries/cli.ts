/**
 * The `agentmix` command line as compiled, out/engine/cli.mjs (bin/agentmix.mjs imports it). The
 * engine runs in this process, with the bundled worker beside this file (docs/ARCHITECTURE.md,
 * "Processes").
 */
import { useWorkerEntry } from '../../engine/worker-entry';

useWorkerEntry(new URL('./worker.mjs', import.meta.url));

export { main } from '../cli';
