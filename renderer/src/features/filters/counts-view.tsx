import type { FilterCounts } from './use-live-filters';

/** A share as a percentage with one decimal. */
function share(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** Kept/dropped per group. */
function GroupTable({ label, groups }: { label: string; groups: FilterCounts['perSource'] }): React.JSX.Element {
  return (
    <table className="counts-table" aria-label={label}>
      <thead>
        <tr>
          <th>{label}</th>
          <th>kept</th>
          <th>dropped</th>
        </tr>
      </thead>
      <tbody>
        {groups.map((group) => (
          <tr key={group.name}>
            <td>{group.name}</td>
            <td>{group.kept}</td>
            <td>{group.dropped}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

/** The live counts: totals, the resulting mix, and kept/dropped per source and per task. */
export function CountsView({ counts }: { counts: FilterCounts }): React.JSX.Element {
  return (
    <section className="filter-counts" aria-label="Live counts">
      <p>
        <strong data-testid="filters-kept">{counts.kept}</strong> kept of {counts.records} records, <span data-testid="filters-dropped">{counts.dropped}</span> dropped. Agent share of the kept records:{' '}
        {share(counts.agentShareRecords)} by records, {share(counts.agentShareTokens)} by tokens.
      </p>
      <div className="counts-tables">
        <GroupTable label="Source" groups={counts.perSource} />
        <GroupTable label="Task" groups={counts.perTask} />
      </div>
    </section>
  );
}
