import { appInfo } from '../engine/export/app-info';

/**
 * The `agentmix` command line: `inspect`, `run`, `merge`, `plan`, `serve`.
 * Each command lives in its own module; this file only dispatches.
 */

const USAGE = `agentmix: curate agent-tuning datasets from the command line

Usage:
  agentmix inspect <path>... [--json] [--format F] [--role agent|general]
  agentmix run <recipe.json> [--verdicts FILE] [--workers N] [--out PATH] [--format F]
  agentmix run <recipe.json> --shard I/N --partial DIR [--workers N]
  agentmix merge <recipe.json> DIR... [--verdicts FILE] [--workers N] [--out PATH] [--format F]
  agentmix plan <recipe.json> --slurm|--ray [--shards N] [--partial DIR] [--submit URL] [...]
  agentmix serve [shard...] [--port N] [--recipe R] [--open] [--data DIR]
  agentmix --help | --version
`;

/** Runs the CLI with the given arguments and resolves to the process exit code. */
export async function main(argv: string[]): Promise<number> {
  const [command] = argv;
  if (!command || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(USAGE);
    return command ? 0 : 2;
  }
  if (command === '--version') {
    process.stdout.write(`${appInfo().version}\n`);
    return 0;
  }
  if (command === 'inspect') return (await import('./commands/inspect')).inspectCommand(argv.slice(1));
  if (command === 'run') return (await import('./commands/run')).runCommand(argv.slice(1));
  if (command === 'merge') return (await import('./commands/merge')).mergeCommand(argv.slice(1));
  if (command === 'plan') return (await import('./commands/plan')).planCommand(argv.slice(1));
  if (command === 'serve') return (await import('./commands/serve')).serveCommand(argv.slice(1));
  process.stderr.write(`agentmix: unknown command "${command}"\n\n${USAGE}`);
  return 2;
}
