/**
 * `agentmix run <recipe.json> --shard I/N --partial DIR` (docs/scale.md, "Shards"): the per-record
 * work of one slice of the run, written as a partial into DIR, and one line saying what was written.
 */
import type { Engine } from '../../engine/engine';
import type { LoadedRecipe } from '../../engine/pipeline/load-recipe';
import type { ShardSlice } from '../../engine/pipeline/partial-run';
import type { PipelineEvents } from '../../engine/pipeline/run-pipeline';

/** Runs the shard and prints where its partial went. */
export async function shardStep(engine: Engine, loaded: LoadedRecipe, slice: ShardSlice, folder: string, events: PipelineEvents, out: NodeJS.WritableStream): Promise<void> {
  const shard = await engine.runShard(loaded, slice, folder, events);
  const seconds = Object.entries(shard.timings)
    .filter(([stage]) => !stage.startsWith('worker'))
    .map(([stage, milliseconds]) => `${stage} ${(milliseconds / 1000).toFixed(2)} s`)
    .join(', ');
  out.write(`shard    ${slice.index}/${slice.count}: records ${shard.from}..${shard.to} of ${shard.total}\npartial  ${shard.path}\ntime     ${seconds}\n`);
}
