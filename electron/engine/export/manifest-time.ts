/**
 * The manifest's `time` (docs/recipe.md, "The manifest"): now, or the moment `SOURCE_DATE_EPOCH`
 * names, the reproducible-builds convention (whole seconds since 1970-01-01 UTC), so that two runs of
 * the same inputs, recipe and seed can give byte-identical manifests too.
 */

/** Seconds past which `Date` cannot go (±8.64e15 ms). */
const LAST_SECOND = 8.64e12;

/** The time to write, from `SOURCE_DATE_EPOCH` in `env` when it is set, else the clock's. */
export function manifestTime(env: NodeJS.ProcessEnv = process.env, clock: () => Date = () => new Date()): Date {
  const pinned = env.SOURCE_DATE_EPOCH;
  if (pinned === undefined || pinned === '') return clock();
  if (!/^\d+$/.test(pinned) || Number(pinned) > LAST_SECOND) {
    throw new Error(`SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (e.g. 1767225600), got ${JSON.stringify(pinned)}`);
  }
  return new Date(Number(pinned) * 1000);
}
