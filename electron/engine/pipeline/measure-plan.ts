/**
 * Measuring filters after the run (docs/scale.md, "Pay only for what is on"): a filter switched on
 * that the run did not measure (measure-needs.ts says which a run measures) is measured then, in one
 * more pass over the records of the run that reads and measures that filter only; its scores and
 * evidence are merged into the stored columns.
 */
import type { FilterName } from '../../../shared/filters/index';
import type { WorkerPool } from '../worker-pool';
import { measureRecords } from './measure-stage';
import type { PipelineResult } from './pipeline-result';
import type { PipelineEvents } from './run-pipeline';

/** Of `filters`, those the result has not measured. */
export function unmeasuredOf(result: PipelineResult, filters: readonly FilterName[]): FilterName[] {
  return filters.filter((name) => !result.measured.filters.has(name));
}

/**
 * Measures `filters` (those of them the run has not measured) over every record of the run, on
 * the pool, and adds their scores and evidence to the result; resolves to the filters it measured.
 * Progress is `{stage: 'measure', done, total, unit: 'records'}`; the signal cancels it, leaving the
 * result as it was.
 */
export async function measureLater(pool: WorkerPool, result: PipelineResult, filters: readonly FilterName[], events: PipelineEvents = {}): Promise<FilterName[]> {
  const missing = unmeasuredOf(result, filters);
  if (missing.length === 0) return [];
  const total = result.count;
  events.onProgress?.({ stage: 'measure', done: 0, total, unit: 'records' });
  const started = performance.now();
  const columns = await measureRecords(
    pool,
    result.measured.measureSources,
    total,
    { filters: result.recipe.filters, measure: missing, leakage: null, dedup: null, externalRewards: result.measured.externalRewards },
    { signal: events.signal, onRecords: (done) => events.onProgress?.({ stage: 'measure', done, total, unit: 'records' }) },
  );
  result.addMeasurements(missing, columns);
  result.measured.timings[`measure ${missing.join(', ')}`] = performance.now() - started;
  return missing;
}
