/**
 * A run split across processes (docs/scale.md, "Shards"): {@link runShard} is the per-record half
 * of a run over one slice of its records, written as a partial; {@link mergePartials} is the merge
 * half over the columns of the N partials. Both open and index every source (a slice's records are
 * numbered within the whole run, and the merge's export reads records from them).
 */
import { ShingleFile } from './shingle-file';
import type { LoadedRecipe } from './load-recipe';
import { filtersToMeasure } from './measure-needs';
import { readPartials, sliceBounds, writePartial, type ShardSlice } from './partial-run';
import type { PipelineResult } from './pipeline-result';
import { finishRun, measureSlice, prepareRun, type PipelineEvents, type PipelineHost } from './run-pipeline';

/** What a shard wrote. */
export interface ShardRun {
  path: string;
  from: number;
  to: number;
  total: number;
  timings: Record<string, number>;
}

/**
 * Measures shard `slice` of the run and writes its partial into `folder`. A shard measures what a
 * run that exports measures (the length filter's tokens besides the recipe's filters), so one set
 * of partials serves a merge with or without an export; the merge keeps what its own run would measure.
 */
export async function runShard(host: PipelineHost, loaded: LoadedRecipe, slice: ShardSlice, folder: string, events: PipelineEvents = {}): Promise<ShardRun> {
  const run = await prepareRun(host, loaded, events);
  const bounds = sliceBounds(run.total, slice);
  const measured = await measureSlice(host, run, bounds, filtersToMeasure(loaded.recipe, { exporting: true }), events);
  await run.lap('measure');
  try {
    const path = await writePartial(folder, run, slice, measured);
    await run.lap('partial');
    return { path, ...bounds, total: run.total, timings: run.timings };
  } finally {
    const shingles = measured.columns.features?.shingles;
    if (shingles instanceof ShingleFile) shingles.close();
  }
}

/** The merge half over the partials found at `paths` (files, or folders of them): the same result as one run of the recipe. */
export async function mergePartials(host: PipelineHost, loaded: LoadedRecipe, paths: readonly string[], events: PipelineEvents = {}): Promise<PipelineResult> {
  const run = await prepareRun(host, loaded, events);
  const measured = await readPartials(paths, run, filtersToMeasure(loaded.recipe, events));
  await run.lap('partials');
  return finishRun(run, measured);
}
