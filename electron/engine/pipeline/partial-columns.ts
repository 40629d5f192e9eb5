/**
 * The columns of a partial (docs/scale.md, "Shards"): how a slice's measured columns become
 * sections of a partial file, and how the sections of the N partials become the columns of every
 * record again, in record order, as a single run's measure stage leaves them: score and place
 * columns at their records' positions, the sparse evidence and leakage verdicts, the per-turn
 * features (shingles appended to the run's scratch file, a bounded batch at a time) and the signatures.
 */
import { FeatureMerger, shingleRange, type DedupFeatures, type FeaturesInMemory, type ShingleStore } from '../../../shared/dedup/features';
import { FILTER_SCORES, type FilterName } from '../../../shared/filters/index';
import type { LeakageVerdict } from '../../../shared/leakage/scan';
import type { MeasuredColumns } from './measure-stage';
import { arraySection, jsonSection, type PartialFile, type SectionSource } from './partial-file';
import type { PartialHeader } from './partial-header';
import type { PreparedRun, SliceColumns } from './run-pipeline';
import { ShingleFile } from './shingle-file';

/** The evidence of one record. */
type RecordEvidence = MeasuredColumns['evidence'] extends Map<number, infer V> ? V : never;

/** Shingle keys per chunk written, and records per batch read back. */
const SHINGLE_CHUNK = 1 << 20;
const RECORD_BATCH = 4096;

/** The per-turn arrays of the features, by section name. */
const TURN_ARRAYS = ['turnRoles', 'turnKeysLow', 'turnKeysHigh', 'turnCharacters'] as const;

/** The shingle keys of `features` in chunks (read from the scratch file a chunk at a time). */
function* shingleChunks(features: DedupFeatures): Iterable<Uint32Array> {
  const total = features.turnShingles[features.turnShingles.length - 1] ?? 0;
  for (let from = 0; from < total; from += SHINGLE_CHUNK) yield shingleRange(features, from, Math.min(total, from + SHINGLE_CHUNK));
}

/** The values of a store in chunks (the signatures of a slice, read from its scratch file). */
function* storeChunks(store: ShingleStore): Iterable<Uint32Array> {
  for (let from = 0; from < store.length; from += SHINGLE_CHUNK) yield store.read(from, Math.min(store.length, from + SHINGLE_CHUNK));
}

/** The sections of a slice's columns, and the feature counts for the header. */
export function featureSections(measured: SliceColumns): { sections: SectionSource[]; features: PartialHeader['features'] } {
  const { columns } = measured;
  const sections: SectionSource[] = [];
  for (const [name, column] of columns.scores) sections.push(arraySection(`score:${name}`, 'f64', column));
  for (const [name, column] of columns.places) sections.push(arraySection(`place:${name}`, 'i32', column));
  sections.push(jsonSection('evidence', [...columns.evidence]));
  sections.push(jsonSection('leakage', [...columns.leakage]));
  let features: PartialHeader['features'] = null;
  const f = columns.features;
  if (f !== null) {
    const shingles = f.turnShingles[f.turnShingles.length - 1] ?? 0;
    features = { turns: f.turnRoles.length, shingles };
    sections.push(arraySection('recordTurns', 'u32', f.recordTurns));
    sections.push(arraySection('turnRoles', 'u8', f.turnRoles));
    for (const name of TURN_ARRAYS.slice(1)) sections.push(arraySection(name, 'u32', f[name]));
    sections.push(arraySection('turnShingles', 'u32', f.turnShingles));
    sections.push({ name: 'shingles', type: 'u32', length: shingles, chunks: () => shingleChunks(f) });
  }
  const { signatures } = measured;
  if (signatures instanceof Uint32Array) sections.push(arraySection('signatures', 'u32', signatures));
  else if (signatures !== null) sections.push({ name: 'signatures', type: 'u32', length: signatures.length, chunks: () => storeChunks(signatures) });
  return { sections, features };
}

/** Adds the features of one partial to `merger`, {@link RECORD_BATCH} records at a time. */
async function addFeatures(merger: FeatureMerger, file: PartialFile, records: number): Promise<void> {
  const recordTurns = (await file.array('recordTurns')) as Uint32Array;
  for (let first = 0; first < records; first += RECORD_BATCH) {
    const last = Math.min(records, first + RECORD_BATCH);
    const t0 = recordTurns[first];
    const t1 = recordTurns[last];
    const turnShingles = (await file.array('turnShingles', t0, t1 + 1)) as Uint32Array;
    const s0 = turnShingles[0];
    const batch: FeaturesInMemory = {
      recordCount: last - first,
      recordTurns: recordTurns.slice(first, last + 1).map((turn) => turn - t0),
      turnRoles: (await file.array('turnRoles', t0, t1)) as Uint8Array,
      turnKeysLow: (await file.array('turnKeysLow', t0, t1)) as Uint32Array,
      turnKeysHigh: (await file.array('turnKeysHigh', t0, t1)) as Uint32Array,
      turnCharacters: (await file.array('turnCharacters', t0, t1)) as Uint32Array,
      turnShingles: turnShingles.map((shingle) => shingle - s0),
      shingles: (await file.array('shingles', s0, turnShingles[turnShingles.length - 1])) as Uint32Array,
    };
    merger.add(batch);
  }
}

/**
 * The columns of every record of `run` from its partials, sorted by slice (checked by the caller),
 * keeping the scores, places and evidence of the filters of `needed`.
 */
export async function mergePartialColumns(partials: readonly { file: PartialFile; header: PartialHeader }[], run: PreparedRun, needed: readonly FilterName[]): Promise<SliceColumns> {
  const { total } = run;
  const keep = new Set<string>(needed.flatMap((filter): readonly string[] => FILTER_SCORES[filter]));
  const filters = new Set<string>(needed);
  const merged: MeasuredColumns = { scores: new Map(), places: new Map(), evidence: new Map(), features: null, signatures: null, leakage: new Map(), workerTimings: { read: 0, filters: 0, features: 0, signatures: 0 } };
  const withFeatures = partials.length > 0 && partials.every(({ header }) => header.features !== null);
  const shingles = withFeatures ? new ShingleFile() : null;
  const features = shingles === null ? null : new FeatureMerger(shingles);
  const permutations = partials[0]?.header.permutations ?? null;
  // Signatures go to a scratch file as each partial is read, as in a single run (docs/scale.md, "Bounded memory").
  const signatures = permutations === null ? null : new ShingleFile();
  try {
    for (const { file, header } of partials) {
      const { from, to } = header.slice;
      for (const name of header.scores.filter((score) => keep.has(score))) {
        let column = merged.scores.get(name);
        if (column === undefined) merged.scores.set(name, (column = new Float64Array(total).fill(Number.NaN)));
        column.set(await file.array(`score:${name}`), from);
      }
      for (const name of header.places.filter((score) => keep.has(score))) {
        let column = merged.places.get(name);
        if (column === undefined) merged.places.set(name, (column = new Int32Array(total).fill(-1)));
        column.set(await file.array(`place:${name}`), from);
      }
      for (const [record, byFilter] of (await file.json('evidence')) as [number, Record<string, unknown>][]) {
        const kept = Object.fromEntries(Object.entries(byFilter).filter(([filter]) => filters.has(filter)));
        if (Object.keys(kept).length > 0) merged.evidence.set(from + record, kept as RecordEvidence);
      }
      for (const [record, verdict] of (await file.json('leakage')) as [number, LeakageVerdict][]) merged.leakage.set(from + record, verdict);
      if (features !== null) await addFeatures(features, file, to - from);
      if (signatures !== null) signatures.append((await file.array('signatures')) as Uint32Array);
      for (const part of ['read', 'filters', 'features', 'signatures'] as const) merged.workerTimings[part] += header.workerTimings[part];
    }
  } catch (error) {
    shingles?.close();
    signatures?.close();
    throw error;
  }
  if (features !== null) merged.features = features.finish();
  return { from: 0, to: total, measure: [...needed], columns: merged, signatures };
}
