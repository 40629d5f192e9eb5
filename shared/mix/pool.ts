import type { Xoshiro128StarStar } from './random';
import type { MixSettings } from './settings';

/** Whether a record is agent data (AgentInstruct-like trajectories) or general chat data (ShareGPT-like). */
export type MixRole = 'agent' | 'general';

/** What the sampler needs to know of a kept record; the record itself stays on disk. */
export interface MixCandidate {
  /** The record key (`<source hash prefix>:<id or #ordinal>`), unique across the run. */
  key: string;
  /** The source the record came from, as the recipe names it (its path). */
  source: string;
  /** The record's task (`os`, `db`, ...), or null when it has none. */
  task: string | null;
  role: MixRole;
  /** Llama-2 tokens of the whole conversation (used when `mix.by` is `tokens`). */
  tokens: number;
}

/** A selected record and how many copies of it a split holds. */
export interface MixPick extends MixCandidate {
  /** Copies in the split: 1, or more when up-sampled (repeated). */
  count: number;
}

/** The unit η and `total` count in. */
export type MixUnit = MixSettings['by'];

/** What one copy of a record weighs in the chosen unit. */
export function quantityOf(record: MixCandidate, by: MixUnit): number {
  return by === 'records' ? 1 : record.tokens;
}

/** The quantity of a list of picks, copies included. */
export function totalQuantity(picks: readonly MixPick[], by: MixUnit): number {
  let sum = 0;
  for (const pick of picks) sum += quantityOf(pick, by) * pick.count;
  return sum;
}

/** Orders records by key (code-unit order), so that no step depends on the order records arrived in. */
export function byKey(a: { key: string }, b: { key: string }): number {
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/** One copy per unit of count, in key order: the list that seeded draws shuffle. */
export function expandCopies(picks: readonly MixPick[]): MixCandidate[] {
  const copies: MixCandidate[] = [];
  for (const pick of picks) for (let copy = 0; copy < pick.count; copy++) copies.push(pick);
  return copies;
}

/** Counts copies back into picks, in key order. */
export function collectCopies(copies: readonly MixCandidate[]): MixPick[] {
  const counts = new Map<string, MixPick>();
  for (const copy of copies) {
    const pick = counts.get(copy.key);
    if (pick) pick.count++;
    else counts.set(copy.key, { ...copy, count: 1 });
  }
  return [...counts.values()].sort(byKey);
}

/**
 * The prefix of `items` whose quantity comes closest to `target`: items are taken while they fit,
 * and the first one that would overshoot is taken only when that lands nearer the target. So the
 * result is within half a record of the target (exact when counting records).
 */
export function takeClosest(items: readonly MixCandidate[], target: number, by: MixUnit): MixCandidate[] {
  let sum = 0;
  let end = 0;
  for (; end < items.length; end++) {
    const weight = quantityOf(items[end], by);
    if (sum + weight <= target) {
      sum += weight;
      continue;
    }
    if (sum + weight - target < target - sum) end++;
    break;
  }
  return items.slice(0, end);
}

/** How a pool was brought to its target. */
export type Resize = 'kept' | 'down' | 'up' | 'short';

/**
 * Brings a pool to a target quantity: down-sampling draws copies at random (so tasks keep their
 * proportions on average); up-sampling repeats the whole pool as many full times as fit and draws
 * the remainder at random, so no record is used twice more than another. Without `allowRepeat`
 * a pool smaller than its target is returned whole as `short`.
 */
export function resizePool(
  pool: readonly MixPick[],
  target: number,
  by: MixUnit,
  allowRepeat: boolean,
  random: Xoshiro128StarStar,
): { picks: MixPick[]; resize: Resize } {
  const current = totalQuantity(pool, by);
  if (target < current) {
    const copies = random.shuffle(expandCopies(pool));
    return { picks: collectCopies(takeClosest(copies, target, by)), resize: 'down' };
  }
  if (target === current) return { picks: pool.map((pick) => ({ ...pick })), resize: 'kept' };
  if (!allowRepeat || current === 0) return { picks: pool.map((pick) => ({ ...pick })), resize: 'short' };
  const passes = Math.floor(target / current);
  const remainder = takeClosest(random.shuffle(expandCopies(pool)), target - passes * current, by);
  const repeated = pool.map((pick) => ({ ...pick, count: pick.count * passes }));
  const extra = collectCopies(remainder);
  const byRecord = new Map(repeated.map((pick) => [pick.key, pick]));
  for (const pick of extra) {
    const existing = byRecord.get(pick.key);
    if (existing) existing.count += pick.count;
  }
  return { picks: repeated, resize: 'up' };
}
