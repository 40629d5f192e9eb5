import type { DedupFeatures } from './features';
import type { TemplateSettings } from './settings';

/**
 * Template turns (issue 3): in agent data every record of a task opens with the same long prompt
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
  const counts = new Map<number, { records: number; lastRecord: number; firstTurn: number }>();
  for (let record = from; record < to; record++) {
    for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) {
      const key = templateKey(features.turnKeysLow[turn], features.turnKeysHigh[turn]);
      const entry = counts.get(key);
      if (entry === undefined) counts.set(key, { records: 1, lastRecord: record, firstTurn: turn });
      else if (entry.lastRecord !== record) {
        entry.records++;
        entry.lastRecord = record;
      }
    }
  }
  const needed = Math.max(settings.minRecords, Math.ceil(settings.minShare * (to - from)));
  const templates: TemplateTurn[] = [];
  for (const [key, entry] of counts) if (entry.records >= needed) templates.push({ key, records: entry.records, firstTurn: entry.firstTurn });
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
