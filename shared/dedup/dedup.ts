import { createAssignment, type DedupAssignment, type KeepInputs } from './clusters';
import { computeExactKeys, groupExactDuplicates } from './exact';
import type { DedupFeatures, ShingleStore } from './features';
import { chooseBanding, type Banding } from './lsh';
import { createMinHashParameters } from './minhash';
import { createMinHashKernel, type MinHashKernel } from './minhash-wasm';
import { clusterNearDuplicates, recordLengths, signatureOf, signRecords, type NearDuplicateStats } from './near';
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
   * Signatures already computed by workers (k per record) over every turn, templates included, in
   * memory or in a store read back in chunks (docs/scale.md, "Bounded memory"): records that turn
   * out to hold template turns are signed again here (the input is never written). Default: computed here.
   */
  signatures?: Uint32Array | ShingleStore;
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
  const signed = signRecords(features, templateMask, kernel, banding, input.signatures);
  active = active.map((value, record) => (value === 1 && signed.empty[record] === 0 ? 1 : 0));
  const near = clusterNearDuplicates(
    {
      features,
      templateMask,
      bandKeys: signed.bandKeys,
      signatureOf: (record) => signatureOf(features, templateMask, kernel, input.signatures, record),
      banding,
      threshold: settings.near.threshold,
      verify: settings.near.verify,
      active,
      keep,
      clock: input.clock,
    },
    assignment,
  );
  return { assignment, templates, templateMask, banding, near, exactDuplicates };
}
