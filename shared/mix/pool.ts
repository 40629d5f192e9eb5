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

/**
 * The position in `pool` of each copy: a record counted `count` times appears that many times, in
 * pool order. Seeded draws shuffle these positions (the permutation depends only on the length, so
 * it is the one a shuffle of the copies themselves would make), and {@link collectPositions} counts
 * them back without a sort or a map.
 */
export function copyPositions(pool: readonly MixPick[]): number[] {
  const positions: number[] = [];
  for (let position = 0; position < pool.length; position++) for (let copy = 0; copy < pool[position].count; copy++) positions.push(position);
  return positions;
}

/**
 * The picks of `pool` that `positions[0 .. end)` name, each counted as often as named, in the order
 * of `pool` (sorted by key, so the picks come out sorted: at a million records a sort by key costs
 * about two seconds).
 */
export function collectPositions(pool: readonly MixPick[], positions: readonly number[], end = positions.length): MixPick[] {
  const counts = new Int32Array(pool.length);
  for (let at = 0; at < end; at++) counts[positions[at]]++;
  const picks: MixPick[] = [];
  for (let position = 0; position < pool.length; position++) if (counts[position] > 0) picks.push({ ...pool[position], count: counts[position] });
  return picks;
}

/**
 * How many of the copies named by `positions`, taken in order, make the quantity closest to
 * `target`: copies are taken while they fit, and the first one that would overshoot is taken only
 * when that lands nearer the target. So the result is within half a record of the target (exact
 * when counting records).
 */
export function closestPrefix(pool: readonly MixCandidate[], positions: readonly number[], target: number, by: MixUnit): number {
  let sum = 0;
  let end = 0;
  for (; end < positions.length; end++) {
    const weight = quantityOf(pool[positions[end]], by);
    if (sum + weight <= target) {
      sum += weight;
      continue;
    }
    if (sum + weight - target < target - sum) end++;
    break;
  }
  return end;
}

/** How a pool was brought to its target. */
export type Resize = 'kept' | 'down' | 'up' | 'short';

/**
 * Brings a pool (sorted by key, each record once) to a target quantity: down-sampling draws copies at random (so tasks keep their
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
    const positions = random.shuffle(copyPositions(pool));
    return { picks: collectPositions(pool, positions, closestPrefix(pool, positions, target, by)), resize: 'down' };
  }
  if (target === current) return { picks: pool.map((pick) => ({ ...pick })), resize: 'kept' };
  if (!allowRepeat || current === 0) return { picks: pool.map((pick) => ({ ...pick })), resize: 'short' };
  const passes = Math.floor(target / current);
  const positions = random.shuffle(copyPositions(pool));
  const extra = closestPrefix(pool, positions, target - passes * current, by);
  const repeated = pool.map((pick) => ({ ...pick, count: pick.count * passes }));
  for (let at = 0; at < extra; at++) repeated[positions[at]].count++;
  return { picks: repeated, resize: 'up' };
}
