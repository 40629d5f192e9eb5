import type { FilterCounts } from './use-live-filters';

/**
 * AgentTuning's own filtering numbers per task (Zeng et al. 2023, Table 1: instructions before
 * and trajectories kept after the reward filter). DB has two rows there: 1,074 → 178 from BIRD
 * questions and 5,302 → 360 from Spider/WikiSQL-style generation.
 */
export const AGENTTUNING_KEPT: readonly { task: string; label: string; rows: readonly { instructions: number; kept: number }[] }[] = [
  { task: 'alfworld', label: 'ALFWorld', rows: [{ instructions: 954, kept: 336 }] },
  { task: 'webshop', label: 'WebShop', rows: [{ instructions: 1485, kept: 351 }] },
  { task: 'mind2web', label: 'Mind2Web', rows: [{ instructions: 23378, kept: 122 }] },
  { task: 'kg', label: 'Knowledge Graph', rows: [{ instructions: 2501, kept: 324 }] },
  { task: 'os', label: 'Operating System', rows: [{ instructions: 647, kept: 195 }] },
  { task: 'db', label: 'Database', rows: [{ instructions: 1074, kept: 178 }, { instructions: 5302, kept: 360 }] },
];

/** AgentTuning's total (35,341 → 1,866, 5.28%). */
const TOTAL = { instructions: 35341, kept: 1866 };

/** A share as a percentage with enough digits for Mind2Web's 0.52%. */
function percent(kept: number, total: number): string {
  if (total === 0) return '–';
  const share = (100 * kept) / total;
  return `${share < 1 ? share.toFixed(2) : share.toFixed(1)}%`;
}

/** A count with thousands separators. */
function count(value: number): string {
  return value.toLocaleString('en-US');
}

/** AgentTuning's kept counts beside ours, per task. */
export function AgentTuningTable({ counts }: { counts: FilterCounts }): React.JSX.Element {
  const ours = new Map(counts.perTask.map((group) => [group.name, group]));
  let oursTotal = 0;
  let oursKept = 0;
  return (
    <table className="counts-table" aria-label="AgentTuning beside ours">
      <thead>
        <tr>
          <th>Task</th>
          <th>AgentTuning</th>
          <th>kept %</th>
          <th>Ours</th>
          <th>kept %</th>
        </tr>
      </thead>
      <tbody>
        {AGENTTUNING_KEPT.map((task) => {
          const group = ours.get(task.task);
          const total = group === undefined ? 0 : group.kept + group.dropped;
          oursTotal += total;
          oursKept += group?.kept ?? 0;
          return task.rows.map((row, index) => (
            <tr key={`${task.task}-${index}`}>
              <td>{index === 0 ? task.label : ''}</td>
              <td>{`${count(row.instructions)} → ${count(row.kept)}`}</td>
              <td>{percent(row.kept, row.instructions)}</td>
              <td>{index === 0 ? (group === undefined ? '–' : `${count(total)} → ${count(group.kept)}`) : ''}</td>
              <td>{index === 0 && group !== undefined ? percent(group.kept, total) : ''}</td>
            </tr>
          ));
        })}
        <tr className="total">
          <td>Total</td>
          <td>{`${count(TOTAL.instructions)} → ${count(TOTAL.kept)}`}</td>
          <td>{percent(TOTAL.kept, TOTAL.instructions)}</td>
          <td>{`${count(oursTotal)} → ${count(oursKept)}`}</td>
          <td>{percent(oursKept, oursTotal)}</td>
        </tr>
      </tbody>
    </table>
  );
}
