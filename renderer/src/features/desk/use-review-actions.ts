import { useEffect, useState } from 'react';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import type { SourceSummary } from '../../api/types';
import type { Decision } from '../../db/review-db';
import { keyPrefixOf, type DecisionInput } from '../../db/review-store';

/** The review's write operations, each stored before it resolves. */
export interface ReviewActions {
  accept(keys: string[], label: string): Promise<void>;
  reject(keys: string[], reason: string, note: string, label: string): Promise<void>;
  saveEdit(key: string, edited: Record<string, unknown>, label: string): Promise<void>;
  revertEdit(key: string, label: string): Promise<void>;
  undo(): Promise<string | null>;
  redo(): Promise<string | null>;
  history: { undo: number; redo: number };
}

/** A decision without the fields the store fills in. */
function inputOf(decision: Decision): DecisionInput {
  const { key: _key, keyPrefix: _prefix, by: _by, at: _at, ...rest } = decision;
  return rest;
}

/**
 * Accept, reject, edit, revert, undo and redo through the review store. An accept keeps a stored
 * edit (the record is then "edited and accepted"); a reject drops nothing from history.
 */
export function useReviewActions(sources: SourceSummary[], reviewVersion: number): ReviewActions {
  const { store } = useAppServices();
  const [history, setHistory] = useState({ undo: 0, redo: 0 });
  useEffect(() => {
    let active = true;
    void store.historyDepth().then((depth) => active && setHistory(depth));
    return () => {
      active = false;
    };
  }, [store, reviewVersion]);

  const pathOf = (key: string): string | null => sources.find((source) => source.keyPrefix === keyPrefixOf(key))?.path ?? null;
  const stored = (keys: string[], status: string): void => markMilestone('decision', `${keys.length === 1 ? keys[0] : `${keys.length} records`}:${status}`);

  return {
    history,
    accept: async (keys, label) => {
      await store.decide(keys, (before) => (before?.edited !== undefined ? { ...inputOf(before)!, status: 'edited', reason: undefined } : { status: 'accepted', sourcePath: null, ...(before?.note ? { note: before.note } : {}) }), label, pathOf);
      stored(keys, 'accepted');
    },
    reject: async (keys, reason, note, label) => {
      await store.decide(keys, (before) => ({ status: 'rejected', reason, ...(note ? { note } : {}), sourcePath: null, ...(before?.edited !== undefined ? { edited: before.edited } : {}) }), label, pathOf);
      stored(keys, 'rejected');
    },
    saveEdit: async (key, edited, label) => {
      await store.decide([key], (before) => ({ status: 'edited', edited, sourcePath: null, ...(before?.note ? { note: before.note } : {}) }), label, pathOf);
      stored([key], 'edited');
    },
    revertEdit: async (key, label) => {
      await store.decide(
        [key],
        (before) => {
          if (before === null || before.status === 'edited') return null;
          const { edited: _edited, ...rest } = inputOf(before)!;
          return rest;
        },
        label,
        pathOf,
      );
      stored([key], 'reverted');
    },
    undo: async () => (await store.undo())?.label ?? null,
    redo: async () => (await store.redo())?.label ?? null,
  };
}
