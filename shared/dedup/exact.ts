import { ROLES } from '../schema/conversation';
import { fmix32 } from '../text/words';
import { addCluster, compareForKeep, keepReason, type DedupAssignment, type KeepInputs } from './clusters';
import type { DedupFeatures } from './features';
import type { ExactScope } from './settings';

/**
 * Exact dedup (docs/dedup-and-leakage.md, "Exact dedup"): a 64-bit normalized hash (case, whitespace; see `appendWords`) over a
 * scope of each record, template turns excluded, and groups of equal keys.
 */

const USER = ROLES.indexOf('user');

/** Exact keys of every record: two 32-bit lanes, and `empty[i] = 1` when the scope has no turn. */
export interface ExactKeys {
  low: Uint32Array;
  high: Uint32Array;
  empty: Uint8Array;
}

/**
 * The index of "the instruction" of a record: its first user turn that is not a template, or -1.
 * For an AgentInstruct record that is the task's own question, after the fixed prompt and "Ok.".
 */
export function instructionTurn(features: DedupFeatures, templateMask: Uint8Array, record: number): number {
  for (let turn = features.recordTurns[record]; turn < features.recordTurns[record + 1]; turn++) {
    if (features.turnRoles[turn] === USER && templateMask[turn] === 0) return turn;
  }
  return -1;
}

/** Computes the exact key of every record over `scope`, leaving out the turns marked in `templateMask`. */
export function computeExactKeys(features: DedupFeatures, templateMask: Uint8Array, scope: ExactScope): ExactKeys {
  const count = features.recordCount;
  const keys: ExactKeys = { low: new Uint32Array(count), high: new Uint32Array(count), empty: new Uint8Array(count) };
  for (let record = 0; record < count; record++) {
    let low = 0x2545f491;
    let high = 0x6c8e9cf5;
    let turns = 0;
    const first = scope === 'instruction' ? instructionTurn(features, templateMask, record) : features.recordTurns[record];
    const last = scope === 'instruction' ? first + 1 : features.recordTurns[record + 1];
    for (let turn = first; turn >= 0 && turn < last; turn++) {
      if (templateMask[turn] === 1) continue;
      const role = features.turnRoles[turn];
      if (scope === 'user' && role !== USER) continue;
      // The role takes part for whole conversations: the same text said by the other side differs.
      const tag = scope === 'conversation' ? Math.imul(role + 1, 0x9e3779b1) : 0;
      low = fmix32(Math.imul(low ^ features.turnKeysLow[turn] ^ tag, 0xcc9e2d51) + turns);
      high = fmix32(Math.imul(high ^ features.turnKeysHigh[turn] ^ tag, 0x1b873593) + turns);
      turns++;
    }
    keys.low[record] = low;
    keys.high[record] = high;
    keys.empty[record] = turns === 0 ? 1 : 0;
  }
  return keys;
}

/**
 * Groups records with equal exact keys into `exact` clusters of the assignment (empty records and
 * records with `active[i] === 0` are skipped). The best record of each group by the keep policy is
 * kept. Returns a mask of the records still in play (1 = kept or unique), for near dedup.
 */
export function groupExactDuplicates(keys: ExactKeys, keep: KeepInputs, assignment: DedupAssignment, active?: Uint8Array): Uint8Array {
  const count = keys.low.length;
  const survivors = new Uint8Array(count);
  const groups = new Map<number, number[]>();
  for (let record = 0; record < count; record++) {
    if (keys.empty[record] === 1 || (active !== undefined && active[record] === 0)) continue;
    survivors[record] = 1;
    // 53 bits of the key name the group; records in one group are then compared on all 64.
    const name = (keys.high[record] & 0x1fffff) * 0x100000000 + keys.low[record];
    const group = groups.get(name);
    if (group === undefined) groups.set(name, [record]);
    else group.push(record);
  }
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const byHigh = new Map<number, number[]>();
    for (const record of group) {
      const same = byHigh.get(keys.high[record]);
      if (same === undefined) byHigh.set(keys.high[record], [record]);
      else same.push(record);
    }
    for (const members of byHigh.values()) {
      if (members.length < 2) continue;
      members.sort((first, second) => compareForKeep(keep, first, second));
      addCluster(assignment, 'exact', members, members.map(() => 1), keepReason(keep, members[0], members[1]));
      for (let index = 1; index < members.length; index++) survivors[members[index]] = 0;
    }
  }
  return survivors;
}
