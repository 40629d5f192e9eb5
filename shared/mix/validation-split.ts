import { byKey, type MixPick } from './pool';
import type { Xoshiro128StarStar } from './random';

/** The two splits of a mix. */
export interface Splits {
  train: MixPick[];
  /** Held-out records, one copy each. */
  validation: MixPick[];
}

/** The stratum of a record: role, source and task. */
function stratumOf(pick: MixPick): string {
  return JSON.stringify([pick.role, pick.source, pick.task]);
}

/**
 * Splits `wanted` among strata in proportion to their sizes by the largest-remainder method
 * (Hamilton's), ties broken by stratum name, so the per-stratum counts add up exactly and each is
 * within one of its exact share.
 */
export function allocateLargestRemainder(sizes: ReadonlyMap<string, number>, wanted: number): Map<string, number> {
  const total = [...sizes.values()].reduce((sum, size) => sum + size, 0);
  const allocation = new Map<string, number>();
  if (total === 0) return allocation;
  const remainders: { name: string; remainder: number }[] = [];
  let given = 0;
  for (const [name, size] of [...sizes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    const exact = (wanted * size) / total;
    const floor = Math.floor(exact);
    allocation.set(name, floor);
    given += floor;
    remainders.push({ name, remainder: exact - floor });
  }
  remainders.sort((a, b) => b.remainder - a.remainder || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (let index = 0; index < wanted - given; index++) {
    const name = remainders[index].name;
    allocation.set(name, (allocation.get(name) ?? 0) + 1);
  }
  return allocation;
}

/**
 * Holds out `fraction` of the distinct selected records for validation, stratified by source and
 * task within each role: each role gives `round(fraction × its distinct records)`, spread over its
 * strata by largest remainder, drawn at random within a stratum. A held-out record leaves the train
 * split with all its copies, so no record is in both splits; validation holds one copy of each.
 */
export function splitValidation(picks: readonly MixPick[], fraction: number, random: Xoshiro128StarStar): Splits {
  const sorted = [...picks].sort(byKey);
  if (fraction <= 0) return { train: sorted.map((pick) => ({ ...pick })), validation: [] };
  const strata = new Map<string, MixPick[]>();
  for (const pick of sorted) {
    const name = stratumOf(pick);
    const members = strata.get(name);
    if (members) members.push(pick);
    else strata.set(name, [pick]);
  }
  const held = new Set<string>();
  for (const role of ['agent', 'general'] as const) {
    const sizes = new Map<string, number>();
    for (const [name, members] of strata) if (members[0].role === role) sizes.set(name, members.length);
    const roleSize = [...sizes.values()].reduce((sum, size) => sum + size, 0);
    const allocation = allocateLargestRemainder(sizes, Math.round(fraction * roleSize));
    for (const [name, count] of [...allocation].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
      const members = random.shuffle([...(strata.get(name) ?? [])]);
      for (const member of members.slice(0, count)) held.add(member.key);
    }
  }
  return {
    train: sorted.filter((pick) => !held.has(pick.key)).map((pick) => ({ ...pick })),
    validation: sorted.filter((pick) => held.has(pick.key)).map((pick) => ({ ...pick, count: 1 })),
  };
}
