import { createAssignment, type DedupAssignment, type KeepInputs } from './clusters';
import { computeExactKeys, groupExactDuplicates } from './exact';
import type { DedupFeatures } from './features';
import { chooseBanding, type Banding } from './lsh';
import { createMinHashParameters } from './minhash';
import { createMinHashKernel, type MinHashKernel } from './minhash-wasm';
import { clusterNearDuplicates, computeSignatures, recordLengths, type NearDuplicateStats } from './near';
import type { DedupSettings, NearDedupSettings } from './settings';
import { findTemplateTurns, markTemplateTurns, type TemplateTurn } from './templates';

/**
 * The whole dedup stage over features of all sources (one-shot form): template turns per source,
 * exact groups, then near-duplicate clusters among the exact survivors, across sources.
 */

/** A source's records within the features: `[from, to)`. */
export interface SourceRange {
  from: number;
  to: number;
}

/** Inputs of {@link deduplicate}. */
export interface DedupInput {
  features: DedupFeatures;
  /** Record ranges of the sources (templates are found per source); default: one source. */
  sources?: readonly SourceRange[];
  /** Reward per record, NaN for none (the keep policy's first criterion); default: none. */
  rewards?: Float64Array;
  /**
   * Signatures already computed by workers (k per record) over every turn, templates included:
   * records that turn out to hold template turns are signed again here. Default: computed here.
   */
  signatures?: Uint32Array;
  /** The kernel to sign with (default: SIMD when available, from the settings' seed). */
  kernel?: MinHashKernel;
  /** A clock in milliseconds, to time the candidates' verification (`near.verifyMilliseconds`). */
  clock?: () => number;
}

/** Everything the dedup stage decided, with the evidence the UI shows. */
export interface DedupResult {
  assignment: DedupAssignment;
  /** Templates found, per source (same order as the input's sources). */
  templates: TemplateTurn[][];
  /** 1 for every template turn (an index per turn of the features). */
  templateMask: Uint8Array;
  /** The banding used (for the LSH curve). */
  banding: Banding;
  /** Near-dedup counts, or null when near dedup is off. */
  near: NearDuplicateStats | null;
  /** Records in exact clusters that were dropped. */
  exactDuplicates: number;
}

/** The banding of the settings: explicit bands/rows, or the choice for the target recall. */
export function resolveBanding(near: NearDedupSettings): Banding {
  if (near.bands !== undefined && near.rows !== undefined) return { bands: near.bands, rows: near.rows };
  return chooseBanding(near.permutations, near.threshold, near.targetRecall);
}

/** Runs template detection, exact and near dedup. */
export function deduplicate(input: DedupInput, settings: DedupSettings): DedupResult {
  const { features } = input;
  const count = features.recordCount;
  const sources = input.sources ?? [{ from: 0, to: count }];
  const templateMask = new Uint8Array(features.turnRoles.length);
  const templates = sources.map((source) => {
    const found = findTemplateTurns(features, settings.templates, source.from, source.to);
    markTemplateTurns(features, found, source.from, source.to, templateMask);
    return found;
  });
  const keep: KeepInputs = {
    rewards: input.rewards ?? new Float64Array(count).fill(Number.NaN),
    lengths: recordLengths(features, templateMask),
    criteria: settings.keep,
  };
  const assignment = createAssignment(count);
  let active = new Uint8Array(count).fill(1);
  let exactDuplicates = 0;
  if (settings.exact.enabled) {
    const keys = computeExactKeys(features, templateMask, settings.exact.scope);
    const survivors = groupExactDuplicates(keys, keep, assignment);
    for (let record = 0; record < count; record++) {
      // Records whose scope is empty still take part in near dedup (their other turns may match).
      if (keys.empty[record] === 0 && survivors[record] === 0) {
        active[record] = 0;
        exactDuplicates++;
      }
    }
  }
  const banding = resolveBanding(settings.near);
  if (!settings.near.enabled) return { assignment, templates, templateMask, banding, near: null, exactDuplicates };

  const kernel = input.kernel ?? createMinHashKernel(createMinHashParameters(settings.near.permutations, settings.near.seed));
  const permutations = kernel.parameters.permutations;
  const empty = new Uint8Array(count);
  let signatures = input.signatures;
  if (signatures === undefined) {
    signatures = new Uint32Array(count * permutations);
    computeSignatures(features, templateMask, kernel, 0, count, signatures, 0, empty);
  } else {
    for (let record = 0; record < count; record++) {
      let hasTemplate = false;
      for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) if (templateMask[turn] === 1) hasTemplate = true;
      if (hasTemplate) computeSignatures(features, templateMask, kernel, record, record + 1, signatures, record, empty);
      else empty[record] = signatures[record * permutations] === 0xffffffff && isEmptySignature(signatures, record, permutations) ? 1 : 0;
    }
  }
  active = active.map((value, record) => (value === 1 && empty[record] === 0 ? 1 : 0));
  const near = clusterNearDuplicates(
    { features, templateMask, signatures, permutations, banding, threshold: settings.near.threshold, verify: settings.near.verify, active, keep, clock: input.clock },
    assignment,
  );
  return { assignment, templates, templateMask, banding, near, exactDuplicates };
}

/** True when every value of a record's signature is 0xffffffff: the signature of no shingle. */
function isEmptySignature(signatures: Uint32Array, record: number, permutations: number): boolean {
  for (let index = record * permutations; index < (record + 1) * permutations; index++) if (signatures[index] !== 0xffffffff) return false;
  return true;
}
