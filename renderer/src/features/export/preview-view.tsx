import type { Response } from '../../../../shared/api';

/** The preview, as the engine sends it. */
export type ExportPreview = Response<'export.preview'>;

/** A share as a percentage. */
function share(value: number): string {
  return `${(100 * value).toFixed(1)}%`;
}

/** Counts per source and task, and the achieved share, before anything is written. */
export function PreviewView({ preview }: { preview: ExportPreview }): React.JSX.Element {
  const { train } = preview.achieved;
  return (
    <section className="export-preview" aria-label="Export preview">
      <p data-testid="export-preview-summary">
        {preview.records.train} train records{preview.records.validation > 0 ? ` + ${preview.records.validation} validation` : ''} to {preview.out}. Achieved η: {share(train.records.share)} by records (
        {train.records.agent} agent + {train.records.general} general), {share(train.tokens.share)} by tokens; asked {share(preview.agentShare)} by {preview.by}.
      </p>
      {!preview.reachable && <p className="error">η cannot be met exactly with these records.</p>}
      {preview.lossIgnoredBy.length > 0 && (
        <ul className="warning" aria-label="Trainers that ignore loss flags" data-testid="export-loss-note">
          {preview.lossIgnoredBy.map((entry) => (
            <li key={entry.trainer}>
              {entry.trainer} does not read per-turn loss flags{entry.keep !== null ? `; export ${entry.keep} to keep them` : ''}. The export counts the turns it trains differently.
            </li>
          ))}
        </ul>
      )}
      {preview.notes.length > 0 && (
        <ul className="muted">
          {preview.notes.map((note) => (
            <li key={note}>{note}</li>
          ))}
        </ul>
      )}
      <table className="counts-table" aria-label="Export per source and task">
        <thead>
          <tr>
            <th>Source</th>
            <th>Task</th>
            <th>Role</th>
            <th>kept</th>
            <th>train</th>
            <th>validation</th>
          </tr>
        </thead>
        <tbody>
          {preview.groups.map((group) => (
            <tr key={`${group.source}\u0000${group.task ?? ''}`}>
              <td>{group.source}</td>
              <td>{group.task ?? '(no task)'}</td>
              <td>{group.role}</td>
              <td>{group.kept}</td>
              <td>{group.train}</td>
              <td>{group.validation}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
