import { useEffect, useRef, useState } from 'react';
import type { ReviewStatus } from '../../../../shared/api/review';
import type { Request } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import { messageOf } from '../../app/message-of';
import type { Decision } from '../../db/review-db';

/** The review as components read it. */
export interface ReviewState {
  /** Decisions by key (a live map; `version` changes when it does). */
  decisions: ReadonlyMap<string, Decision>;
  version: number;
  loaded: boolean;
  /** What went wrong keeping the review: it could not be read from Dexie, or the engine's copy of the statuses is behind (the last `review.sync` failed); else null. */
  problem: string | null;
  statusOf(key: string): ReviewStatus;
}

/** One key's status as `review.sync` takes it. */
type SyncEntry = Request<'review.sync'>['entries'][number];

/**
 * Loads the review from Dexie, keeps it current as the store changes, and mirrors each key's
 * status to the engine (`review.sync`) so paging can filter and sort by it.
 */
export function useReview(): ReviewState {
  const { client, store } = useAppServices();
  const decisions = useRef(new Map<string, Decision>());
  const [version, setVersion] = useState(0);
  const [loaded, setLoaded] = useState(false);
  const [problem, setProblem] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    // A failed mirror (a lost connection, an engine that refuses) leaves the decisions safe in Dexie;
    // the desk says so instead of the page failing with an unhandled rejection, and the next change
    // sends every status again, so the engine's copy catches up once calls go through.
    let behind = false;
    const mirror = async (entries: SyncEntry[], replace: boolean): Promise<boolean> => {
      const whole = replace || behind;
      const request = whole ? { replace: true, entries: [...decisions.current.values()].map((decision) => ({ key: decision.key, status: decision.status })) } : { entries };
      try {
        await client.call('review.sync', request);
        if (whole) behind = false;
        if (active) setProblem(null);
        return true;
      } catch (error) {
        behind = true;
        if (active) setProblem(`The review is saved here, but the engine did not get it (review filters and sorts may be behind): ${messageOf(error)}`);
        return false;
      }
    };
    const stop = store.subscribe((changes) => {
      for (const change of changes) {
        if (change.after) decisions.current.set(change.key, change.after);
        else decisions.current.delete(change.key);
      }
      setVersion((value) => value + 1);
      void mirror(changes.map((change) => ({ key: change.key, status: change.after?.status ?? 'unreviewed' })), false);
    });
    void store.all().then(async (all) => {
      if (!active) return;
      for (const decision of all) decisions.current.set(decision.key, decision);
      if (!(await mirror([], true)) || !active) return;
      setLoaded(true);
      setVersion((value) => value + 1);
      markMilestone('reviewLoaded', String(all.length));
    }).catch((error: unknown) => {
      if (active) setProblem(`The review could not be read from this browser's storage: ${messageOf(error)}`);
    });
    return () => {
      active = false;
      stop();
    };
  }, [client, store]);

  return { decisions: decisions.current, version, loaded, problem, statusOf: (key) => decisions.current.get(key)?.status ?? 'unreviewed' };
}
