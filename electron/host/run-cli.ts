/**
 * Runs the command line from the TypeScript sources, for working on it without rebuilding:
 * `node bin/run-ts.mjs electron/host/run-cli.ts inspect shard.jsonl`. What ships, and what
 * `agentmix` runs, is the compiled out/engine/cli.mjs.
 */
import { main } from './cli';

process.exitCode = await main(process.argv.slice(2));
