import type { DedupFeatures } from './features';
import type { TemplateSettings } from './settings';

/**
 * Template turns (docs/dedup-and-leakage.md, "Template turns"): in agent data every record of a task opens with the same long prompt
 * and an "Ok." acknowledgement (os adds a one-shot example). Such turns make unrelated
 * trajectories look alike (two db records: 5-gram Jaccard 0.62-0.65 whole, 0.03 without them), so
 * a turn whose exact normalized text recurs in many records of one source is a template, left out
 * of dedup and leakage by default.
 */

/** A 53-bit number naming a 64-bit turn key (the low 32 bits and 21 of the high), exact enough for a set of templates. */
export function templateKey(low: number, high: number): number {
  return (high & 0x1fffff) * 0x100000000 + (low >>> 0);
}

/** One template found in a source. */
export interface TemplateTurn {
  /** {@link templateKey} of the turn's normalized text. */
  key: number;
  /** Records of the source that contain it. */
  records: number;
  /** Global index of its first occurrence (a turn index into the features), to show its text. */
  firstTurn: number;
}

/**
 * The template turns of the source whose records are `features` records `[from, to)`: turns found
 * in at least max(minRecords, minShare x records) of them. A turn repeated inside one record counts once.
 */
export function findTemplateTurns(features: DedupFeatures, settings: TemplateSettings, from = 0, to = features.recordCount): TemplateTurn[] {
  if (!settings.enabled || to <= from) return [];
  const firstTurn = features.recordTurns[from];
  const lastTurn = features.recordTurns[to];
  // An open-addressing count table, one slot = 4 consecutive Int32 (key low, key high, records,
  // last record), so a probe touches one cache line: most turns are distinct, the table is large,
  // and a Map of objects costs ~1 µs per turn here.
  let capacity = 16;
  while (capacity < (lastTurn - firstTurn) * 2) capacity *= 2;
  const mask = capacity - 1;
  const table = new Int32Array(capacity * 4);
  for (let record = from; record < to; record++) {
    for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) {
      const low = features.turnKeysLow[turn] | 0;
      const high = features.turnKeysHigh[turn] | 0;
      let slot = (low ^ Math.imul(high, 0x9e3779b1)) & mask;
      while (table[slot * 4 + 2] !== 0 && (table[slot * 4] !== low || table[slot * 4 + 1] !== high)) slot = (slot + 1) & mask;
      const at = slot * 4;
      if (table[at + 2] === 0) {
        table[at] = low;
        table[at + 1] = high;
        table[at + 2] = 1;
        table[at + 3] = record;
      } else if (table[at + 3] !== record) {
        table[at + 2]++;
        table[at + 3] = record;
      }
    }
  }
  const needed = Math.max(settings.minRecords, Math.ceil(settings.minShare * (to - from)));
  const found = new Map<number, TemplateTurn>();
  for (let slot = 0; slot < capacity; slot++) {
    const records = table[slot * 4 + 2];
    if (records < needed) continue;
    const key = templateKey(table[slot * 4] >>> 0, table[slot * 4 + 1] >>> 0);
    found.set(key, { key, records, firstTurn: -1 });
  }
  // The first occurrence of each template, for showing its text (templates are few).
  if (found.size > 0) {
    for (let turn = firstTurn; turn < lastTurn; turn++) {
      const template = found.get(templateKey(features.turnKeysLow[turn], features.turnKeysHigh[turn]));
      if (template !== undefined && template.firstTurn === -1) template.firstTurn = turn;
    }
  }
  const templates = [...found.values()];
  return templates.sort((first, second) => second.records - first.records || first.firstTurn - second.firstTurn);
}

/**
 * Marks (1) every turn of records `[from, to)` whose key is one of `templates` in `mask` (one byte
 * per turn of the features; created when absent) and returns the mask.
 */
export function markTemplateTurns(features: DedupFeatures, templates: readonly TemplateTurn[], from = 0, to = features.recordCount, mask?: Uint8Array): Uint8Array {
  const out = mask ?? new Uint8Array(features.turnRoles.length);
  if (templates.length === 0) return out;
  const keys = new Set(templates.map((template) => template.key));
  for (let turn = features.recordTurns[from]; turn < features.recordTurns[to]; turn++) {
    if (keys.has(templateKey(features.turnKeysLow[turn], features.turnKeysHigh[turn]))) out[turn] = 1;
  }
  return out;
}
