/**
 * `agentmix merge <recipe.json> DIR... [--verdicts FILE] [--out PATH] [--format F] [--base DIR]`
 * (docs/scale.md, "Shards"): the merge half of a sharded run. Checks that the partials in the
 * folders are the N slices of this recipe over these sources, each once, then does what `agentmix
 * run` does after measuring (templates, dedup, leakage, review, verdicts, the summary, the export),
 * with the same output and the same exit codes; a partial that is missing, repeated, damaged or made
 * from another recipe or from sources that changed since is exit code 2, naming it and what is wrong.
 */
import { runCommand } from './run';

const USAGE = `Usage: agentmix merge <recipe.json> DIR... [--verdicts FILE] [--workers N] [--out PATH] [--format F] [--base DIR]

Finishes a run split into shards (agentmix run <recipe.json> --shard I/N --partial DIR, for I = 0..N-1):
reads the partials (*.agentmix-partial) in each DIR (or the partial files given), checks that they are
the N slices of this recipe over the same sources, each exactly once, then runs templates, dedup,
leakage, review, the verdicts and the export as agentmix run does. The verdicts and the export are the
same as one agentmix run of the recipe with the same options. Options as for agentmix run.
Exit codes: 0 done, 1 the run failed, 2 a bad recipe, argument or partial (missing, repeated, damaged,
from another recipe, or a source changed since the shard ran).
`;

/** Runs `agentmix merge`; resolves to the exit code. */
export function mergeCommand(argv: string[]): Promise<number> {
  return runCommand(argv, 'merge', USAGE);
}
