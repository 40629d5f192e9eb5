import { relative, resolve, sep } from 'node:path';
import { recipePath } from '../pipeline/load-recipe';
import type { PipelineResult, PipelineSource } from '../pipeline/pipeline-result';

/**
 * The name of each source of a run as the recipe writes it, for the mix (`mix.sources` caps are keyed
 * by it) and the manifest: the recipe's path for a file source, and `<folder>/<path inside it>` for each
 * file of a folder source. Relative to the recipe, with `/` separators, so the manifest does not change
 * when the same recipe and data move to another folder or machine.
 */
export function sourceLabels(result: PipelineResult): Map<PipelineSource, string> {
  const labels = new Map<PipelineSource, string>();
  for (const source of result.measured.sources) {
    const named = recipePath(result.loaded, source.recipePath);
    const inside = relative(named, resolve(source.info.path));
    labels.set(source, inside === '' ? source.recipePath : `${source.recipePath.replace(/\/+$/, '')}/${inside.split(sep).join('/')}`);
  }
  return labels;
}

/** The label of each record of the run, by position (a run's sources hold contiguous record ranges). */
export function recordLabels(result: PipelineResult, labels: ReadonlyMap<PipelineSource, string>): string[] {
  const byRecord: string[] = new Array(result.count);
  for (const source of result.measured.sources) {
    const label = labels.get(source) ?? source.recipePath;
    for (let record = source.from; record < source.to; record++) byRecord[record] = label;
  }
  return byRecord;
}
