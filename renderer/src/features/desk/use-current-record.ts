import { useEffect, useRef, useState, type RefObject } from 'react';
import { useAppServices } from '../../app/api-context';
import { loadFailed } from '../../app/load-failed';
import { markMilestone } from '../../app/milestones';
import type { RecordDetail, RecordRow } from '../../api/types';
import type { Decision } from '../../db/review-db';
import type { RecordGridHandle } from '../grid/record-grid';

/** The record under review: where it is in the view, its row, and the record read in full. */
export interface CurrentRecord {
  key: string | null;
  position: number | null;
  row: RecordRow | null;
  detail: RecordDetail | null;
  /** The conversation of the stored edit, when the record has one. */
  edited: RecordDetail['conversation'] | null;
  loading: boolean;
  error: string | null;
  /** Opens the record at a position of the grid's view (its row when the caller has it). */
  open(position: number, row?: RecordRow): Promise<boolean>;
  /** Opens a record by its key, wherever it is in the grid's view; false when the view does not hold it. */
  openKey(key: string): Promise<boolean>;
  next(): Promise<boolean>;
  previous(): Promise<boolean>;
  nextUnreviewed(): Promise<boolean>;
  /** Reads the current record again (its verdict changed). */
  reload(): void;
  clear(): void;
}

/**
 * Follows the record under review: navigation in the grid's view order (j / k / n) and reading the
 * selected record from disk. The time from a navigation to the record on screen is written to
 * `data-open-ms` on <body> (the next-record latency the issue asks to measure).
 */
export function useCurrentRecord(grid: RefObject<RecordGridHandle | null>, decisionOf: (key: string) => Decision | null, reviewVersion: number): CurrentRecord {
  const { client } = useAppServices();
  const [selection, setSelection] = useState<{ key: string; position: number; row: RecordRow } | null>(null);
  const [detail, setDetail] = useState<RecordDetail | null>(null);
  const [edited, setEdited] = useState<RecordDetail['conversation'] | null>(null);
  const [loading, setLoading] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [generation, setGeneration] = useState(0);
  const startedAt = useRef<number | null>(null);
  const request = useRef(0);

  const open = async (position: number, row?: RecordRow): Promise<boolean> => {
    const handle = grid.current;
    if (!handle) return false;
    const total = handle.total();
    if (position < 0 || (total !== null && position >= total)) return false;
    startedAt.current = performance.now();
    const found = row ?? handle.rowAt(position) ?? (await client.call('records.page', { view: handle.view(), offset: position, limit: 1 })).rows[0];
    if (!found) return false;
    setSelection({ key: found.key, position, row: found });
    handle.reveal(position);
    return true;
  };

  const openKey = async (wanted: string): Promise<boolean> => {
    const handle = grid.current;
    if (!handle) return false;
    const found = await client.call('records.locate', { view: handle.view(), key: wanted });
    return found.position === null ? false : open(found.position);
  };

  // Read the selected record; drop answers that arrive after a newer selection.
  const key = selection?.key ?? null;
  useEffect(() => {
    if (key === null) return;
    const ticket = ++request.current;
    setLoading(true);
    setError(null);
    client.call('records.get', { key }).then(
      (record) => {
        if (ticket !== request.current) return;
        setDetail(record);
        setLoading(false);
      },
      (caught: unknown) => {
        if (ticket !== request.current) return;
        setDetail(null);
        setLoading(false);
        setError(caught instanceof Error ? caught.message : String(caught));
      },
    );
  }, [client, key, generation]);

  // The conversation of a stored edit (re-read when the edit changes, e.g. after undo).
  const editedValue = key === null ? undefined : decisionOf(key)?.edited;
  const editedText = editedValue === undefined ? null : JSON.stringify(editedValue);
  useEffect(() => {
    if (key === null || editedText === null) {
      setEdited(null);
      return;
    }
    let active = true;
    void client.call('records.validate', { key, text: editedText }).then((result) => active && setEdited(result.conversation), loadFailed(`the edited record ${key}`));
    return () => {
      active = false;
    };
  }, [client, key, editedText, reviewVersion]);

  // The record is on screen: note the latency and the milestone after the frame is painted.
  useEffect(() => {
    if (detail === null || detail.key !== key) return;
    requestAnimationFrame(() => {
      if (startedAt.current !== null) document.body.dataset.openMs = (performance.now() - startedAt.current).toFixed(1);
      startedAt.current = null;
      markMilestone('record', detail.key);
    });
  }, [detail, key]);

  const position = selection?.position ?? null;
  return {
    key,
    position,
    row: selection?.row ?? null,
    detail: detail !== null && detail.key === key ? detail : null,
    edited,
    loading,
    error,
    open,
    openKey,
    next: () => open(position === null ? 0 : position + 1),
    previous: () => open(position === null ? 0 : position - 1),
    nextUnreviewed: async () => {
      const handle = grid.current;
      if (!handle) return false;
      startedAt.current = performance.now();
      const found = await client.call('records.find', { view: handle.view(), from: position ?? -1, direction: 'next', where: 'unreviewed' });
      return found.position === null ? false : open(found.position);
    },
    reload: () => setGeneration((value) => value + 1),
    clear: () => {
      setSelection(null);
      setDetail(null);
    },
  };
}
