#!/usr/bin/env node
// The `agentmix` command. It runs the engine from its TypeScript sources through tsx's loader,
// so it works right after `npm ci`, with no build step and without an Electron binary.
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../electron/host/cli.ts');
process.exitCode = await main(process.argv.slice(2));
