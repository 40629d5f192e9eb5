/**
 * The grid over the last pipeline run's columns, for the desk's threshold-move bench
 * (desk-pipeline.ts; docs/scale.md, "The review desk at 10M records"): with the length filter's
 * `maxTokens` moved to `maxTokens`, a sort by tokens and a verdict filter (dropped, then kept),
 * each timed to its first page and checked: the tokens descend, a first page's records over the
 * threshold are the dropped ones, and each filter's total is the move's count. Figures only; no
 * time is checked.
 */
import type { BenchClient } from './desk-serve';
import { round } from './desk-serve';

type Counts = { kept: number; dropped: number };
type RunRow = { key: string; tokens: number | null; verdict: { kept: boolean; reason: string | null } | null };
type RunPage = { total: number; rows: RunRow[] };

/** Throws naming what is wrong when `holds` is false: the bench measures only right answers. */
function check(holds: boolean, what: string): void {
  if (!holds) throw new Error(`desk pipeline bench, run views: ${what}`);
}

const page = (client: BenchClient, view: unknown): Promise<{ ms: number; value: RunPage }> => client.timed<RunPage>('records.page', { view: { sort: [], filters: [], search: '', ...(view as object) }, offset: 0, limit: 200 });

const verdictFilter = (value: string) => ({ filters: [{ kind: 'text', column: 'verdict', operator: 'startsWith', value }] });

/**
 * Moves the length filter to `maxTokens` (from the `filters` of `filters.state`), then measures the
 * tokens sort and the verdict filters; returns their first-page times and the move's counts.
 */
export async function measureRunViews(client: BenchClient, records: number, filters: Record<string, Record<string, unknown>>, maxTokens: number): Promise<Record<string, unknown>> {
  const moved = await client.call<{ applied: boolean; counts: Counts }>('filters.apply', { filters: { ...filters, length: { ...filters['length'], maxTokens } } });
  check(moved.applied && moved.counts.kept + moved.counts.dropped === records && moved.counts.dropped > 0, `the move to ${maxTokens} tokens counted ${JSON.stringify(moved.counts)}`);

  const byTokens = await page(client, { sort: [{ column: 'tokens', direction: 'desc' }] });
  const tokens = byTokens.value.rows.map((row) => row.tokens);
  check(byTokens.value.total === records && tokens.every((count, index) => count !== null && (index === 0 || count <= tokens[index - 1]!)), 'the tokens sort is not descending over every record');
  // The length filter drops exactly the records over its threshold; the first page holds the longest.
  for (const row of byTokens.value.rows) check(row.verdict !== null && row.verdict.kept === row.tokens! <= maxTokens, `${row.key} has ${row.tokens} tokens and verdict ${JSON.stringify(row.verdict)} at ${maxTokens}`);

  const dropped = await page(client, verdictFilter('dropped'));
  check(dropped.value.total === moved.counts.dropped && dropped.value.rows.every((row) => row.verdict?.kept === false), `the dropped filter shows ${dropped.value.total} rows, the move dropped ${moved.counts.dropped}`);
  const kept = await page(client, verdictFilter('kept'));
  check(kept.value.total === moved.counts.kept && kept.value.rows.every((row) => row.verdict?.kept === true), `the kept filter shows ${kept.value.total} rows, the move kept ${moved.counts.kept}`);
  return {
    maxTokens,
    kept: moved.counts.kept,
    tokensSortFirstPageMs: round(byTokens.ms),
    verdictFilterDroppedFirstPageMs: round(dropped.ms),
    verdictFilterKeptFirstPageMs: round(kept.ms),
  };
}
