import { useEffect, useState } from 'react';
import type { Response } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import { useAction } from '../../app/use-action';
import { useRecipe } from '../pipeline/use-recipe';
import { LshCurve } from './lsh-curve';
import { MemberDiff } from './member-diff';

/** The clusters, as the engine lists them. */
type ClusterList = Response<'duplicates.list'>;

/** One cluster with its members. */
type ClusterDetail = Response<'duplicates.get'>;

/** Why a cluster keeps its record, in words. */
const REASONS = { reward: 'highest reward', longest: 'longest', first: 'first in the run' } as const;

/** A similarity range. */
function range(minimum: number, maximum: number): string {
  return minimum === maximum ? minimum.toFixed(2) : `${minimum.toFixed(2)}–${maximum.toFixed(2)}`;
}

/** One open cluster: its members, the two compared, and the keep decision. */
function ClusterPanel({ detail, onDecided }: { detail: ClusterDetail; onDecided(message: string): void }): React.JSX.Element {
  const { store } = useAppServices();
  const action = useAction();
  const keptKey = detail.cluster.keptKey;
  const [keep, setKeep] = useState(keptKey);
  const [compared, setCompared] = useState(detail.members.find((member) => !member.kept)?.key ?? keptKey);
  const others = detail.members.filter((member) => member.key !== keep).map((member) => member.key);
  const apply = async (): Promise<void> => {
    const done = await action.run(async () => {
      await store.decide([keep], { status: 'accepted', ...(keep !== keptKey ? { note: `kept instead of ${keptKey} (duplicate cluster ${detail.cluster.id})` } : {}), sourcePath: null }, 'Keep a duplicate');
      await store.decide(others, { status: 'rejected', reason: 'duplicate', note: `duplicate of ${keep}`, sourcePath: null }, 'Reject duplicates');
      return true;
    });
    if (done) onDecided(`Kept ${keep}; rejected ${others.length} duplicate${others.length === 1 ? '' : 's'} in the review.`);
  };
  return (
    <section className="cluster-panel" aria-label="Cluster members" data-testid="cluster-panel">
      <table className="counts-table" aria-label="Members">
        <thead>
          <tr>
            <th>Keep</th>
            <th>Compare</th>
            <th>Record</th>
            <th>Task</th>
            <th>Similarity</th>
          </tr>
        </thead>
        <tbody>
          {detail.members.map((member) => (
            <tr key={member.key}>
              <td>
                <input type="radio" name="keep" aria-label={`Keep ${member.id ?? member.key}`} checked={keep === member.key} onChange={() => setKeep(member.key)} />
              </td>
              <td>
                <input type="radio" name="compare" aria-label={`Compare ${member.id ?? member.key}`} checked={compared === member.key} onChange={() => setCompared(member.key)} />
              </td>
              <td>
                {member.id ?? member.key}
                {member.kept ? ' (kept by the run)' : ''}
              </td>
              <td>{member.task ?? ''}</td>
              <td>{member.similarity.toFixed(3)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="cluster-actions">
        <button type="button" disabled={action.busy || others.length === 0} onClick={() => void apply()}>
          Keep the chosen record, reject the other {others.length} as duplicates
        </button>
        {action.error !== null && <span className="error" role="alert">{action.error}</span>}
      </div>
      <p className="muted">Left: the chosen record; right: the compared member.</p>
      <MemberDiff left={keep} right={compared} />
    </section>
  );
}

/**
 * The duplicates view (docs/ui.md, "Views after a pipeline run"): clusters largest first with their similarity range and the kept
 * member and why; a cluster's members compared side by side in Monaco's diff editor; the kept member
 * changed and the others rejected as duplicates in one action (the review store); the LSH curve.
 */
export function DuplicatesView(): React.JSX.Element {
  const { client } = useAppServices();
  const { runs } = useRecipe();
  const [list, setList] = useState<ClusterList | null>(null);
  const [detail, setDetail] = useState<ClusterDetail | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [message, setMessage] = useState('');

  useEffect(() => {
    let active = true;
    client.call('duplicates.list', {}).then(
      (next) => {
        if (!active) return;
        setList(next);
        setError(null);
        markMilestone('duplicateClusters', String(next.total));
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client, runs]);

  const open = (id: number): void => {
    setMessage('');
    client.call('duplicates.get', { id }).then(setDetail, (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)));
  };

  return (
    <div className="duplicates-view" data-testid="duplicates-view">
      {error !== null && <p className="error" role="alert">{error}</p>}
      <div className="duplicates-body">
        <div className="duplicates-side">
          {list?.banding && <LshCurve bands={list.banding.bands} rows={list.banding.rows} threshold={list.threshold} />}
          <table className="counts-table" aria-label="Clusters">
            <thead>
              <tr>
                <th>Kept record</th>
                <th>Kind</th>
                <th>Size</th>
                <th>Similarity</th>
                <th>Kept because</th>
              </tr>
            </thead>
            <tbody>
              {list?.clusters.map((cluster) => (
                <tr key={cluster.id} aria-selected={detail?.cluster.id === cluster.id}>
                  <td>
                    <button type="button" className="link" onClick={() => open(cluster.id)}>
                      {cluster.keptId ?? cluster.keptKey}
                    </button>
                  </td>
                  <td>{cluster.kind}</td>
                  <td>{cluster.size}</td>
                  <td>{range(cluster.minSimilarity, cluster.maxSimilarity)}</td>
                  <td>{REASONS[cluster.reason]}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {list !== null && list.total > list.clusters.length && <p className="muted">{list.clusters.length} largest of {list.total} clusters.</p>}
          {list !== null && list.total === 0 && <p className="muted">The last run found no duplicates.</p>}
        </div>
        <div className="duplicates-detail">
          {message !== '' && <p role="status">{message}</p>}
          {detail === null ? <p className="muted">Open a cluster to compare its members.</p> : <ClusterPanel key={detail.cluster.id} detail={detail} onDecided={setMessage} />}
        </div>
      </div>
    </div>
  );
}
