import { useEffect, useRef, useState } from 'react';
import type { ReviewStatus } from '../../../../shared/api/review';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import type { Decision } from '../../db/review-db';

/** The review as components read it. */
export interface ReviewState {
  /** Decisions by key (a live map; `version` changes when it does). */
  decisions: ReadonlyMap<string, Decision>;
  version: number;
  loaded: boolean;
  statusOf(key: string): ReviewStatus;
}

/**
 * Loads the review from Dexie, keeps it current as the store changes, and mirrors each key's
 * status to the engine (`review.sync`) so paging can filter and sort by it.
 */
export function useReview(): ReviewState {
  const { client, store } = useAppServices();
  const decisions = useRef(new Map<string, Decision>());
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);

  useEffect(() => {
    let active = true;
    const stop = store.subscribe((changes) => {
      for (const change of changes) {
        if (change.after) decisions.current.set(change.key, change.after);
        else decisions.current.delete(change.key);
      }
      setVersion((value) => value + 1);
      void client.call('review.sync', { entries: changes.map((change) => ({ key: change.key, status: change.after?.status ?? 'unreviewed' })) });
    });
    void store.all().then(async (all) => {
      if (!active) return;
      for (const decision of all) decisions.current.set(decision.key, decision);
      await client.call('review.sync', { replace: true, entries: all.map((decision) => ({ key: decision.key, status: decision.status })) });
      setLoaded(true);
      setVersion((value) => value + 1);
      markMilestone('reviewLoaded', String(all.length));
    });
    return () => {
      active = false;
      stop();
    };
  }, [client, store]);

  return { decisions: decisions.current, version, loaded, statusOf: (key) => decisions.current.get(key)?.status ?? 'unreviewed' };
}
