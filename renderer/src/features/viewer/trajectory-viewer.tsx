import type { RecordDetail, RecordRow } from '../../api/types';
import type { Decision } from '../../db/review-db';
import { TurnView } from './turn-view';

/** Properties of {@link TrajectoryViewer}. */
export interface TrajectoryViewerProps {
  detail: RecordDetail | null;
  row: RecordRow | null;
  /** The conversation to show: the edited one when the record has an edit and it is chosen. */
  conversation: RecordDetail['conversation'] | null;
  decision: Decision | null;
  showingEdit: boolean;
  onShowEdit: (show: boolean) => void;
  loading: boolean;
  error: string | null;
}

/** A decision in words: "Rejected: bad format". */
function describeDecision(decision: Decision | null): string {
  if (decision === null) return 'Not reviewed';
  const status = { accepted: 'Accepted', rejected: 'Rejected', edited: 'Edited and accepted' }[decision.status];
  return `${status}${decision.reason ? `: ${decision.reason}` : ''}`;
}

/** The pipeline's verdicts for the record; empty until a pipeline has run (issue 3). */
function Verdicts({ row }: { row: RecordRow | null }): React.JSX.Element {
  const none = row === null || (row.verdict === null && row.duplicateCluster === null && row.leakageScore === null);
  return (
    <section className="verdicts" aria-label="Pipeline verdicts">
      {none ? (
        <p className="muted">No pipeline verdicts yet: filter reasons, duplicate clusters and leakage show here once the pipeline has run.</p>
      ) : (
        <ul>
          {row.verdict && <li>{row.verdict.kept ? 'Kept by the filters' : `Dropped: ${row.verdict.reason ?? 'no reason given'}`}</li>}
          {row.duplicateCluster !== null && <li>Duplicate cluster {row.duplicateCluster}</li>}
          {row.leakageScore !== null && <li>Leakage score {row.leakageScore.toFixed(2)}</li>}
        </ul>
      )}
    </section>
  );
}

/**
 * The selected record turn by turn (issue 5, "Trajectory viewer"): role, loss badge, text as text,
 * Thought / Action split, long observations collapsed, and the pipeline's verdicts.
 */
export function TrajectoryViewer(props: TrajectoryViewerProps): React.JSX.Element {
  const { detail, conversation, decision } = props;
  if (detail === null || conversation === null) {
    return (
      <section className="viewer viewer-empty" data-testid="viewer" aria-label="Record">
        {props.error ? <p role="alert">{props.error}</p> : <p className="muted">{props.loading ? 'Opening the record…' : 'Select a record in the grid (or press j) to read it here.'}</p>}
      </section>
    );
  }
  return (
    <section className="viewer" data-testid="viewer" data-key={detail.key} data-showing={props.showingEdit ? 'edited' : 'original'} aria-label="Record" aria-busy={props.loading}>
      <header className="viewer-header">
        <h2 className="record-title">{detail.conversation.id ?? detail.key}</h2>
        <p className="record-meta">
          <span>{detail.source}</span> · <span>{detail.format}</span> · <span>task {conversation.task ?? 'none'}</span> · <span>{conversation.turns.length} turns</span>
          {conversation.reward !== null && <span> · reward {conversation.reward}</span>}
          <span className="record-key"> · {detail.key}</span>
        </p>
        <p className={`decision decision-${decision?.status ?? 'unreviewed'}`} data-testid="decision">
          {describeDecision(decision)}
          {decision?.note ? <span className="note"> (note: {decision.note})</span> : null}
        </p>
        {decision?.edited !== undefined && (
          <p className="edit-toggle">
            {props.showingEdit ? 'Showing the edited record.' : 'Showing the original record.'}{' '}
            <button type="button" className="link" onClick={() => props.onShowEdit(!props.showingEdit)}>
              {props.showingEdit ? 'Show the original' : 'Show the edit'}
            </button>
          </p>
        )}
      </header>
      <Verdicts row={props.row} />
      <ol className="turns" aria-label="Turns">
        {conversation.turns.map((turn, index) => (
          <li key={index}>
            <TurnView turn={turn} index={index} task={conversation.task} previous={conversation.turns[index - 1]?.text ?? ''} />
          </li>
        ))}
      </ol>
    </section>
  );
}
