import { closeSync, openSync, readSync } from 'node:fs';
import { createFeatureBuilder, finishFeatures, type FeatureBuilder } from '../../shared/dedup/features';
import { createMinHashParameters } from '../../shared/dedup/minhash';
import { createMinHashKernel, type MinHashKernel } from '../../shared/dedup/minhash-wasm';
import { computeSignatures } from '../../shared/dedup/near';
import { FILTER_SCORES, measureFilter, type FilterContext, type Measurement, type ScoreName } from '../../shared/filters/index';
import { getFormat } from '../../shared/formats/index';
import { addRecordPass } from '../../shared/leakage/record-pass';
import { createLeakageScanner, type LeakageScanner } from '../../shared/leakage/scan';
import type { Conversation } from '../../shared/schema/conversation';
import { parseJsonBytes } from '../engine/sources/json-bytes';
import { openParquet, readParquetValues } from './parquet-file';
import type { PipelineMeasureRequest, PipelineMeasureResult } from './pipeline-protocol';

/** The scanner of the last index seen (its evidence cache survives between ranges). */
let cachedScanner: { indexId: number; scanner: LeakageScanner } | null = null;
/** MinHash kernels by `permutations:seed` (compiling the WebAssembly module once per thread). */
const kernels = new Map<string, MinHashKernel>();

/** Whether an object has an own key (without building the list of its keys). */
function hasAny(object: object): boolean {
  for (const key in object) if (Object.hasOwn(object, key)) return true;
  return false;
}

/** The records of a JSON range: one read of the span that holds them all, then a parse each. */
function readJsonValues(request: PipelineMeasureRequest): unknown[] {
  const { starts, lengths } = request;
  const count = starts.length;
  if (count === 0) return [];
  const first = starts[0];
  const end = starts[count - 1] + lengths[count - 1];
  const bytes = Buffer.allocUnsafe(end - first);
  const handle = openSync(request.path, 'r');
  try {
    let read = 0;
    while (read < bytes.length) {
      const got = readSync(handle, bytes, read, bytes.length - read, first + read);
      if (got === 0) throw new Error(`${request.path} ended at byte ${first + read}, before the indexed records (did the file change since it was opened?)`);
      read += got;
    }
  } finally {
    closeSync(handle);
  }
  const values: unknown[] = new Array(count);
  for (let record = 0; record < count; record++) {
    const from = starts[record] - first;
    // A huge record is alone in its range: its long strings are decoded in its own bytes (docs/scale.md, "One huge record").
    values[record] = parseJsonBytes(bytes, from, from + lengths[record], { consume: count === 1 });
  }
  return values;
}

/**
 * The records of a Parquet range, read run by run of consecutive rows: a row group the reader
 * could not read leaves a gap in the row numbers, and is never read again.
 */
async function readParquetRange(request: PipelineMeasureRequest): Promise<unknown[]> {
  const { starts } = request;
  const values: unknown[] = [];
  if (starts.length === 0) return values;
  const parquet = await openParquet(request.path);
  for (let from = 0; from < starts.length; ) {
    let to = from + 1;
    while (to < starts.length && starts[to] === starts[to - 1] + 1) to++;
    for (const value of await readParquetValues(parquet, starts[from], starts[to - 1] + 1)) values.push(value);
    from = to;
  }
  return values;
}

/** A conversation read in its source's format, or an error naming the record. */
function toConversation(request: PipelineMeasureRequest, value: unknown, record: number): Conversation {
  const result = getFormat(request.format).read(value, { task: request.task, mapping: request.mapping });
  if (!result.ok) {
    const where = request.container === 'parquet' ? `row ${request.starts[record]}` : `byte ${request.starts[record]}`;
    throw new Error(`the record at ${where} of ${request.path} no longer reads as ${request.format}: ${result.message} (did the file change since it was opened?)`);
  }
  return result.conversation;
}

/** The `pipeline-measure` task: see pipeline-protocol.ts. */
export async function measureRange(request: PipelineMeasureRequest): Promise<PipelineMeasureResult> {
  const started = performance.now();
  const values = request.container === 'parquet' ? await readParquetRange(request) : readJsonValues(request);
  const count = values.length;
  const conversations = values.map((value, record) => toConversation(request, value, record));
  const timings = { read: performance.now() - started, filters: 0, features: 0, signatures: 0 };

  let mark = performance.now();
  // Only the filters the run asked for (docs/scale.md, "Pay only for what is on"), each into the
  // columns of the scores it declares.
  const scores: PipelineMeasureResult['scores'] = {};
  const measured = request.measure.map((filter) => {
    const columns = FILTER_SCORES[filter].map((name): [ScoreName, Float64Array] => [name, new Float64Array(count).fill(Number.NaN)]);
    for (const [name, column] of columns) scores[name] = column;
    return { filter, columns };
  });
  const places: PipelineMeasureResult['places'] = {};
  const evidence: PipelineMeasureResult['evidence'] = [];
  for (let record = 0; record < count && measured.length > 0; record++) {
    const conversation = conversations[record];
    const external = request.externalRewards?.[record];
    const context: FilterContext = { role: request.role, task: conversation.task, externalReward: external === undefined || Number.isNaN(external) ? null : external };
    for (const { filter, columns } of measured) {
      const measurement: Measurement = measureFilter(filter, conversation, context, request.filters);
      for (const [name, column] of columns) {
        const value = measurement.scores[name];
        if (value !== undefined) column[record] = value;
        const place = measurement.places?.[name];
        if (place !== undefined) (places[name] ??= new Int32Array(count).fill(-1))[record] = place;
      }
      if (measurement.evidence !== undefined && hasAny(measurement.evidence)) evidence.push({ record, filter, evidence: measurement.evidence });
    }
  }
  timings.filters = performance.now() - mark;

  mark = performance.now();
  const { dedup, leakage } = request;
  let scanner: LeakageScanner | null = null;
  if (leakage !== null) {
    if (cachedScanner?.indexId !== leakage.indexId) cachedScanner = { indexId: leakage.indexId, scanner: createLeakageScanner(leakage.index) };
    scanner = cachedScanner.scanner;
  }
  const leaks: PipelineMeasureResult['leakage'] = [];
  let builder: FeatureBuilder | null = null;
  if (dedup !== null || scanner !== null) {
    // Templates are not known yet (they need every record of the source): every turn is scanned and
    // signed here, and the engine drops template turns afterwards (docs/recipe.md, "Templates").
    builder = createFeatureBuilder(dedup?.shingle ?? 5, count);
    for (let record = 0; record < count; record++) {
      const verdict = addRecordPass(builder, scanner, conversations[record].turns);
      if (verdict !== null && verdict.matches.length > 0) leaks.push({ record, verdict });
    }
  }
  timings.features = performance.now() - mark;

  mark = performance.now();
  const features = builder === null ? null : finishFeatures(builder);
  if (features !== null && dedup?.minHash && dedup.signatures !== null) {
    const key = `${dedup.minHash.permutations}:${dedup.minHash.seed}`;
    let kernel = kernels.get(key);
    if (kernel === undefined) {
      kernel = createMinHashKernel(createMinHashParameters(dedup.minHash.permutations, dedup.minHash.seed));
      kernels.set(key, kernel);
    }
    computeSignatures(features, new Uint8Array(features.turnRoles.length), kernel, 0, count, dedup.signatures, dedup.first);
  }
  timings.signatures = performance.now() - mark;
  return { count, scores, places, evidence, features, leakage: leaks, timings };
}
