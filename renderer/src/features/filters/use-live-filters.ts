import { useCallback, useEffect, useRef, useState } from 'react';
import type { Response } from '../../../../shared/api';
import { useAppServices } from '../../app/api-context';
import { markMilestone } from '../../app/milestones';
import type { FilterSettingsValue } from './threshold-controls';

/** The counts of the current verdicts, as the engine sends them. */
export type FilterCounts = Response<'filters.apply'>['counts'];

/** What the panel shows and does. */
export interface LiveFilters {
  settings: FilterSettingsValue | null;
  /** The filters the run measured (the others were off in the run: switching one on measures it, as a job). */
  measured: string[];
  counts: FilterCounts | null;
  histograms: Response<'filters.state'>['histograms'];
  /** Why the last change was not applied (it needs a re-run), or empty. */
  needsRerun: string[];
  error: string | null;
  /** Milliseconds of the last re-judge in the engine, and of the whole round trip. */
  timing: { engine: number; roundTrip: number } | null;
  /** Sets new settings at once in the panel and re-judges them (coalesced: one request in flight). */
  change(settings: FilterSettingsValue): void;
  /** Loads the state again (after a run, or a different split). */
  reload(): void;
}

/**
 * The filters panel's state: the settings, histograms and counts from `filters.state`, and live
 * re-judging with `filters.apply`. While a request is in flight, newer settings wait and only the
 * latest is sent when it returns, so dragging a threshold never queues stale work.
 */
export function useLiveFilters(scores: string[], split: 'none' | 'source' | 'task', runs: number): LiveFilters {
  const { client } = useAppServices();
  const [settings, setSettings] = useState<FilterSettingsValue | null>(null);
  const [measured, setMeasured] = useState<string[]>([]);
  const [counts, setCounts] = useState<FilterCounts | null>(null);
  const [histograms, setHistograms] = useState<Response<'filters.state'>['histograms']>([]);
  const [needsRerun, setNeedsRerun] = useState<string[]>([]);
  const [error, setError] = useState<string | null>(null);
  const [timing, setTiming] = useState<{ engine: number; roundTrip: number } | null>(null);
  const [loads, setLoads] = useState(0);
  const inFlight = useRef(false);
  const pending = useRef<FilterSettingsValue | null>(null);
  const scoreList = scores.join('\u0000');

  useEffect(() => {
    let active = true;
    client.call('filters.state', { scores: scoreList.split('\u0000'), split }).then(
      (state) => {
        if (!active) return;
        setSettings(state.filters as FilterSettingsValue);
        setMeasured(state.measured);
        setCounts(state.counts);
        setHistograms(state.histograms);
        setError(null);
        markMilestone('filtersKept', String(state.counts.kept));
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client, scoreList, split, runs, loads]);

  const send = useCallback(
    (next: FilterSettingsValue) => {
      inFlight.current = true;
      const started = performance.now();
      client.call('filters.apply', { filters: next }).then(
        (result) => {
          setCounts(result.counts);
          setNeedsRerun(result.needsRerun);
          setError(null);
          setTiming({ engine: result.milliseconds, roundTrip: performance.now() - started });
          // A filter measured just now has new histograms and columns.
          if (result.measured.length > 0) setLoads((value) => value + 1);
          if (pending.current === null) markMilestone('filtersKept', String(result.counts.kept));
        },
        (caught: unknown) => setError(caught instanceof Error ? caught.message : String(caught)),
      ).finally(() => {
        inFlight.current = false;
        const waiting = pending.current;
        pending.current = null;
        if (waiting !== null) send(waiting);
      });
    },
    [client],
  );

  const change = useCallback(
    (next: FilterSettingsValue) => {
      setSettings(next);
      if (inFlight.current) pending.current = next;
      else send(next);
    },
    [send],
  );

  return { settings, measured, counts, histograms, needsRerun, error, timing, change, reload: () => setLoads((count) => count + 1) };
}
