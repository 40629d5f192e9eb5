import { useEffect, useState } from 'react';
import type { Response } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';
import { useDeskFocus } from '../../app/desk-focus';
import { markMilestone } from '../../app/milestones';
import { useAction } from '../../app/use-action';
import { useRecipe } from '../pipeline/use-recipe';
import { MarkedText } from './marked-text';

/** One record's evidence. */
type LeakageEvidence = Response<'leakage.get'>;

/** The flagged records, as the engine lists them. */
type LeakageList = Response<'leakage.list'>;

/** The evidence of one record: each match's training turn and evaluation item side by side, and the decisions. */
function EvidencePanel({ evidence, onDecided }: { evidence: LeakageEvidence; onDecided(message: string): void }): React.JSX.Element {
  const { store } = useAppServices();
  const { sendToDesk } = useDeskFocus();
  const action = useAction();
  const [note, setNote] = useState('');
  const decide = async (kind: 'drop' | 'keep'): Promise<void> => {
    const done = await action.run(async () => {
      if (kind === 'drop') await store.decide([evidence.key], { status: 'rejected', reason: 'leakage', ...(note ? { note } : {}), sourcePath: null }, 'Drop a leaked record');
      else await store.decide([evidence.key], { status: 'accepted', ...(note ? { note } : {}), sourcePath: null }, 'Keep a flagged record');
      return kind;
    });
    if (done !== undefined) onDecided(done === 'drop' ? `Rejected ${evidence.key} in the review (leakage).` : `Accepted ${evidence.key} in the review${note ? ' with a note' : ''}.`);
  };
  return (
    <section className="leakage-evidence" aria-label="Leakage evidence" data-testid="leakage-evidence" data-key={evidence.key}>
      <div className="leakage-actions">
        <button type="button" className="danger" disabled={action.busy} onClick={() => void decide('drop')}>
          Drop (reject)
        </button>
        <input type="text" aria-label="Note" placeholder="note (why it is kept)" value={note} onChange={(event) => setNote(event.target.value)} />
        <button type="button" className="accept" disabled={action.busy} onClick={() => void decide('keep')}>
          Keep
        </button>
        <button type="button" disabled={action.busy} onClick={() => sendToDesk(evidence.key)}>
          Send to review
        </button>
        {action.error !== null && <span className="error" role="alert">{action.error}</span>}
      </div>
      {evidence.matches.map((match, index) => (
        <div className="leakage-match" key={`${match.evalSet}-${match.evalItem}-${match.turn}-${index}`}>
          <h3>
            Turn {match.turn} against {match.evalSet} item #{match.evalItem} ({(100 * match.itemCoverage).toFixed(0)}% of the item's words)
          </h3>
          <div className="side-by-side">
            <MarkedText text={match.turnText} spans={match.spans} label={`Training turn ${match.turn}`} />
            <MarkedText text={match.itemText} spans={match.itemSpans} label={`${match.evalSet} item ${match.evalItem}`} />
          </div>
        </div>
      ))}
    </section>
  );
}

/**
 * The leakage view (docs/ui.md, "Views after a pipeline run"): records whose turns share n-grams with an evaluation item, highest
 * score first; a record's turns and the matching items side by side with the shared n-grams marked;
 * drop or keep it (with a note) through the review store, or send it to the review desk.
 */
export function LeakageView(): React.JSX.Element {
  const { client } = useAppServices();
  const { runs } = useRecipe();
  const [list, setList] = useState<LeakageList | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [evidence, setEvidence] = useState<LeakageEvidence | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let active = true;
    client.call('leakage.list', {}).then(
      (next) => {
        if (!active) return;
        setList(next);
        setError(null);
        markMilestone('leakageRecords', String(next.records.length));
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client, runs]);

  const open = (key: string): void => {
    setMessage('');
    client.call('leakage.get', { key }).then(setEvidence, (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  };

  return (
    <div className="leakage-view" data-testid="leakage-view">
      {error !== null && <p className="error" role="alert">{error}</p>}
      <div className="leakage-body">
        <table className="counts-table leakage-list" aria-label="Leaked records">
          <thead>
            <tr>
              <th>Record</th>
              <th>Task</th>
              <th>Score</th>
              <th>Evaluation item</th>
              <th>Verdict</th>
            </tr>
          </thead>
          <tbody>
            {list?.records.map((record) => (
              <tr key={record.key} aria-selected={evidence?.key === record.key}>
                <td>
                  <button type="button" className="link" onClick={() => open(record.key)}>
                    {record.id ?? record.key}
                  </button>
                </td>
                <td>{record.task ?? ''}</td>
                <td>{record.score.toFixed(2)}</td>
                <td>{`${record.evalSet} #${record.evalItem}`}</td>
                <td>{record.kept ? 'kept' : 'dropped'}</td>
              </tr>
            ))}
          </tbody>
        </table>
        <div className="leakage-detail">
          {message !== '' && <p role="status">{message}</p>}
          {evidence === null ? <p className="muted">{list !== null && list.records.length === 0 ? 'The last run found no leakage.' : 'Open a record to compare it with the evaluation item.'}</p> : <EvidencePanel evidence={evidence} onDecided={setMessage} />}
        </div>
      </div>
    </div>
  );
}
