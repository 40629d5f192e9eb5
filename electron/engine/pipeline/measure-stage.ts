/**
 * The measure stage: the records of the run split into ranges (one source each, at most
 * {@link RANGE_RECORDS} records or {@link RANGE_BYTES} bytes, so a range takes a fraction of a
 * second and cancel is quick), sent to the worker pool, and merged in row order into columns.
 * Merging by position makes the result the same for 1 or N workers.
 */
import { FeatureMerger, type DedupFeatures, type ShingleStore } from '../../../shared/dedup/features';
import { ShingleFile } from './shingle-file';
import type { FilterName, Reason, ScoreName } from '../../../shared/filters/index';
import type { LeakageVerdict } from '../../../shared/leakage/scan';
import type { PipelineMeasureRequest, PipelineMeasureResult } from '../../workers/pipeline-protocol';
import type { WorkerPool } from '../worker-pool';

/** Records per range: small enough that cancel takes effect well within a second. */
export const RANGE_RECORDS = 1000;
/** Bytes per range (records are read with one read of their span). */
export const RANGE_BYTES = 2 << 20;

/** One source's part of the run. */
export interface MeasureSource {
  path: string;
  container: 'json' | 'parquet';
  format: PipelineMeasureRequest['format'];
  mapping: PipelineMeasureRequest['mapping'];
  task: string | null;
  role: 'agent' | 'general';
  /** The run's records `[from, to)` are this source's. */
  from: number;
  to: number;
  /** Byte offset (Parquet: row) and length of each of its records, in order. */
  starts: Float64Array;
  lengths: Uint32Array;
}

/** The same for every range of a run. */
export type SharedWork = Pick<PipelineMeasureRequest, 'filters' | 'measure' | 'leakage'> & {
  /** Each range signs into shared memory of its own, appended to a scratch file once merged. */
  dedup: Omit<NonNullable<PipelineMeasureRequest['dedup']>, 'first' | 'signatures'> | null;
  /** Joined rewards of every record of the run (NaN: none), or null. */
  externalRewards: Float64Array | null;
};

/** The merged columns of every range. */
export interface MeasuredColumns {
  scores: Map<ScoreName, Float64Array>;
  /** Where scores were found (-1: none), for the scores whose filters give places. */
  places: Map<ScoreName, Int32Array>;
  /** Evidence per record, per filter (sparse). */
  evidence: Map<number, Partial<Record<FilterName, Record<string, Reason>>>>;
  features: DedupFeatures | null;
  /** MinHash signatures of every record over every turn (k per record), on disk; null without near dedup or features. */
  signatures: ShingleStore | null;
  /** Leakage verdicts with a match, before template turns are taken out (sparse). */
  leakage: Map<number, LeakageVerdict>;
  /** Worker milliseconds summed over ranges, per part. */
  workerTimings: PipelineMeasureResult['timings'];
}

/** A range of one source. */
interface PlannedRange {
  source: MeasureSource;
  from: number;
  to: number;
}

/** Splits the sources into ranges. */
export function planRanges(sources: readonly MeasureSource[]): PlannedRange[] {
  const ranges: PlannedRange[] = [];
  for (const source of sources) {
    let from = source.from;
    while (from < source.to) {
      let to = from;
      let bytes = 0;
      while (to < source.to && to - from < RANGE_RECORDS && (to === from || bytes + source.lengths[to - source.from] <= RANGE_BYTES)) {
        bytes += source.lengths[to - source.from];
        to++;
      }
      ranges.push({ source, from, to });
      from = to;
    }
  }
  return ranges;
}

/** The request of one range. */
function requestOf(range: PlannedRange, work: SharedWork): PipelineMeasureRequest {
  const { source } = range;
  const offset = range.from - source.from;
  const length = range.to - range.from;
  return {
    kind: 'pipeline-measure',
    path: source.path,
    container: source.container,
    format: source.format,
    mapping: source.mapping,
    task: source.task,
    role: source.role,
    starts: source.starts.slice(offset, offset + length),
    lengths: source.lengths.slice(offset, offset + length),
    externalRewards: work.externalRewards === null ? null : work.externalRewards.slice(range.from, range.to),
    filters: work.filters,
    measure: work.measure,
    dedup: work.dedup === null ? null : { ...work.dedup, signatures: work.dedup.minHash === null ? null : new Uint32Array(new SharedArrayBuffer(Math.max(4, length * work.dedup.minHash.permutations * 4))), first: 0 },
    leakage: work.leakage,
  };
}

/** Runs every range on the pool (at most two per thread in flight) and merges the results in order. */
export async function measureRecords(
  pool: WorkerPool,
  sources: readonly MeasureSource[],
  total: number,
  work: SharedWork,
  events: { signal?: AbortSignal; onRecords?: (done: number) => void },
): Promise<MeasuredColumns> {
  const ranges = planRanges(sources);
  // Ranges are merged in order as they come back and then dropped, so the main thread holds at most
  // the few results that came back early, never every range's shingles (docs/scale.md, "Bounded memory").
  const merger = new ColumnMerger(total, work.dedup !== null, work.dedup?.minHash != null);
  const early = new Map<number, { result: PipelineMeasureResult; signatures: Uint32Array | null }>();
  let merged = 0;
  // One failing range fails the stage: the others stop at once (queued ones are not sent, running
  // ones are aborted), so a failed job leaves no work behind on the pool.
  const stop = new AbortController();
  const signal = events.signal === undefined ? stop.signal : AbortSignal.any([events.signal, stop.signal]);
  let next = 0;
  let done = 0;
  const lane = async (): Promise<void> => {
    while (next < ranges.length) {
      signal.throwIfAborted();
      const position = next++;
      const request = requestOf(ranges[position], work);
      early.set(position, { result: await pool.run(request, { signal }), signatures: request.dedup?.signatures ?? null });
      for (let back = early.get(merged); back !== undefined; back = early.get(merged)) {
        early.delete(merged);
        merger.add(ranges[merged], back.result, back.signatures);
        merged++;
      }
      done += ranges[position].to - ranges[position].from;
      events.onRecords?.(done);
    }
  };
  const lanes = Array.from({ length: Math.max(1, Math.min(ranges.length, pool.size * 2)) }, () =>
    lane().catch((error: unknown) => {
      stop.abort();
      throw error;
    }),
  );
  try {
    await Promise.all(lanes);
  } catch (error) {
    merger.abandon();
    // Report the first real failure, not the aborts it caused in the other lanes.
    const failures = await Promise.allSettled(lanes);
    const first = failures.find((outcome): outcome is PromiseRejectedResult => outcome.status === 'rejected' && !(outcome.reason instanceof Error && outcome.reason.name === 'AbortError'));
    throw events.signal?.aborted === true ? error : (first?.reason ?? error);
  }
  return merger.finish(ranges.length);
}

/** Puts the ranges' columns together at their records' positions, range after range in order. */
class ColumnMerger {
  private readonly merged: MeasuredColumns = {
    scores: new Map(),
    places: new Map(),
    evidence: new Map(),
    features: null,
    signatures: null,
    leakage: new Map(),
    workerTimings: { read: 0, filters: 0, features: 0, signatures: 0 },
  };
  private readonly shingles: ShingleFile | null;
  /** The signatures, range after range (docs/scale.md, "Bounded memory"). */
  private readonly signatures: ShingleFile | null;
  private readonly features: FeatureMerger | null;
  private featureParts = 0;

  constructor(
    private readonly total: number,
    withFeatures: boolean,
    withSignatures: boolean,
  ) {
    this.shingles = withFeatures ? new ShingleFile() : null;
    this.signatures = withFeatures && withSignatures ? new ShingleFile() : null;
    this.features = this.shingles === null ? null : new FeatureMerger(this.shingles);
  }

  add(range: PlannedRange, result: PipelineMeasureResult, signatures: Uint32Array | null): void {
    const { merged, total } = this;
    for (const [name, values] of Object.entries(result.scores) as [ScoreName, Float64Array][]) {
      let column = merged.scores.get(name);
      if (column === undefined) {
        column = new Float64Array(total).fill(Number.NaN);
        merged.scores.set(name, column);
      }
      column.set(values, range.from);
    }
    for (const [name, values] of Object.entries(result.places) as [ScoreName, Int32Array][]) {
      let column = merged.places.get(name);
      if (column === undefined) {
        column = new Int32Array(total).fill(-1);
        merged.places.set(name, column);
      }
      column.set(values, range.from);
    }
    for (const { record, filter, evidence } of result.evidence) {
      const at = range.from + record;
      let entry = merged.evidence.get(at);
      if (entry === undefined) {
        entry = {};
        merged.evidence.set(at, entry);
      }
      entry[filter] = evidence;
    }
    for (const { record, verdict } of result.leakage) merged.leakage.set(range.from + record, verdict);
    if (result.features !== null && this.features !== null) {
      this.features.add(result.features);
      this.featureParts++;
      if (signatures !== null) this.signatures?.append(signatures);
    }
    for (const part of ['read', 'filters', 'features', 'signatures'] as const) merged.workerTimings[part] += result.timings[part];
  }

  /** The columns of the `ranges` ranges added: features only when every range gave them. */
  finish(ranges: number): MeasuredColumns {
    if (this.features !== null && ranges > 0 && this.featureParts === ranges) {
      this.merged.features = this.features.finish();
      this.merged.signatures = this.signatures;
    } else this.abandon();
    return this.merged;
  }

  /** The stage failed: the scratch files go at once. */
  abandon(): void {
    this.shingles?.close();
    this.signatures?.close();
  }
}
