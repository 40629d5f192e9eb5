/**
 * `npm run bench [-- name...]`: runs every benchmark module of this folder (or the named ones).
 * Benchmarks report figures (MB/s, records/s, medians, ratios); they never fail on time.
 * To add one: write `tests/bench/<name>.ts` exporting `bench: BenchModule`, and add one line below.
 */
import type { BenchModule } from './bench-module';

const MODULES: Record<string, () => Promise<{ bench: BenchModule }>> = {
  ingest: () => import('./ingest'),
  export: () => import('./export'),
  dedup: () => import('./dedup'),
  filters: () => import('./filters'),
  leakage: () => import('./leakage'),
  pipeline: () => import('./pipeline'),
  scale: () => import('./scale'),
  desk: () => import('./desk'),
};

const wanted = process.argv.slice(2);
for (const [name, load] of Object.entries(MODULES)) {
  if (wanted.length > 0 && !wanted.includes(name)) continue;
  const { bench } = await load();
  console.log(`\n== ${name}: ${bench.description}`);
  await bench.run();
}
