#!/usr/bin/env node
// The `agentmix` command: runs the compiled command line, out/engine/cli.mjs, which `npm ci` builds
// (the `prepare` script) and `npm run build` rebuilds. No TypeScript loader runs here; to run the
// command from the TypeScript sources while changing them, use `node bin/run-ts.mjs electron/host/run-cli.ts ...`.
import { existsSync } from 'node:fs';

const compiled = new URL('../out/engine/cli.mjs', import.meta.url);
if (!existsSync(compiled)) {
  process.stderr.write('agentmix: the compiled command line is missing (out/engine/cli.mjs). Run `npm run build` in the repository (`npm ci` runs it too), then try again.\n');
  process.exit(2);
}
const { main } = await import(compiled.href);
process.exitCode = await main(process.argv.slice(2));
