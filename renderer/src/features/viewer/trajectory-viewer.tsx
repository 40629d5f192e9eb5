import type { RecordDetail } from '../../api/types';
import type { Decision } from '../../db/review-db';
import { linkToolCalls } from '../../../../shared/schema/tool-links';
import { Name } from '../../app/name';
import { TurnView } from './turn-view';

/** Properties of {@link TrajectoryViewer}. */
export interface TrajectoryViewerProps {
  detail: RecordDetail | null;
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

/** The pipeline's verdicts for the record (docs/recipe.md, "The pipeline: what a run does"); empty until a pipeline has run. */
function Verdicts({ verdict, onShowTurn }: { verdict: RecordDetail['verdict']; onShowTurn: (turn: number) => void }): React.JSX.Element {
  if (verdict === null) {
    return (
      <section className="verdicts" aria-label="Pipeline verdicts">
        <p className="muted">No pipeline verdicts yet: run the recipe's pipeline to see filter reasons, duplicate clusters and leakage here.</p>
      </section>
    );
  }
  return (
    <section className={`verdicts ${verdict.kept ? 'verdict-kept' : 'verdict-dropped'}`} aria-label="Pipeline verdicts" data-testid="verdicts">
      <p className="verdict-line">{verdict.kept ? 'Kept by the pipeline' : 'Dropped by the pipeline'}</p>
      {verdict.reasons.length > 0 && (
        <ul>
          {verdict.reasons.map((reason, position) => (
            <li key={position}>
              <span className="badge">{reason.stage}</span> {reason.message}{' '}
              {reason.turn !== null && (
                <button type="button" className="link" onClick={() => onShowTurn(reason.turn!)}>
                  show turn {reason.turn}
                </button>
              )}
            </li>
          ))}
        </ul>
      )}
      {verdict.cluster !== null && <p>Near-duplicate cluster {verdict.cluster}{verdict.duplicateOf ? `, a copy of ${verdict.duplicateOf}` : ''}</p>}
      {verdict.leakage !== null && verdict.leakage.score > 0 && (
        <p>
          Leakage score {verdict.leakage.score.toFixed(2)} against {verdict.leakage.evalSet} item #{verdict.leakage.evalItem} ({verdict.leakage.spans.length} shared span{verdict.leakage.spans.length === 1 ? '' : 's'}, marked below)
        </p>
      )}
    </section>
  );
}

/**
 * The selected record turn by turn (docs/ui.md, "Review desk"): role, loss badge, text as text,
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
  const links = linkToolCalls(conversation.turns);
  return (
    <section className="viewer" data-testid="viewer" data-key={detail.key} data-showing={props.showingEdit ? 'edited' : 'original'} aria-label="Record" aria-busy={props.loading}>
      <header className="viewer-header">
        <h2 className="record-title">
          <Name text={detail.conversation.id ?? detail.key} />
        </h2>
        <p className="record-meta">
          <Name text={detail.source} testId="record-source" /> · <span>{detail.format}</span> · <span>task <Name text={conversation.task ?? 'none'} /></span> · <span>{conversation.turns.length} turns</span>
          {conversation.reward !== null && <span> · reward {conversation.reward}</span>}
          <span className="record-key">
            {' '}
            · <Name text={detail.key} />
          </span>
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
      <Verdicts verdict={detail.verdict} onShowTurn={(turn) => document.getElementById(`turn-${turn}`)?.scrollIntoView({ block: 'center' })} />
      <ol className="turns" aria-label="Turns">
        {conversation.turns.map((turn, index) => (
          <li key={index}>
            <TurnView
              turn={turn}
              index={index}
              task={conversation.task}
              previous={conversation.turns[index - 1]?.text ?? ''}
              // The evidence points into the original record, not into an edit.
              reasons={props.showingEdit ? [] : (detail.verdict?.reasons.filter((reason) => reason.turn === index).map((reason) => reason.message) ?? [])}
              spans={props.showingEdit ? [] : (detail.verdict?.leakage?.spans.filter((span) => span.turn === index) ?? [])}
              answers={links.callOf[index]}
              results={(turn.toolCalls ?? []).map((_, call) => links.resultsOf.get(`${index}:${call}`) ?? [])}
              turns={conversation.turns}
              shares={props.showingEdit ? 0 : (detail.turnShares?.[index] ?? 0)}
            />
          </li>
        ))}
      </ol>
    </section>
  );
}
