import { useState } from 'react';
import { ApiError } from '../api/api-error';

/** An async action of a dialog: whether it runs, and its error as a readable message. */
export interface Action {
  busy: boolean;
  error: string | null;
  /** When the engine refused paths outside the allowed folders: those paths (docs/security.md). */
  denied: readonly string[];
  /** Runs `work`; resolves to its result, or to undefined after showing its error. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
  /** Clears the error (a Dismiss button). */
  dismiss(): void;
}

/** The busy flag and error message every dialog that calls the engine needs. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [denied, setDenied] = useState<readonly string[]>([]);
  const run = async <T,>(work: () => Promise<T>): Promise<T | undefined> => {
    setBusy(true);
    setError(null);
    setDenied([]);
    try {
      return await work();
    } catch (caught) {
      setError(caught instanceof Error ? caught.message : String(caught));
      setDenied(caught instanceof ApiError ? caught.denied : []);
      return undefined;
    } finally {
      setBusy(false);
    }
  };
  const dismiss = (): void => {
    setError(null);
    setDenied([]);
  };
  return { busy, error, denied, run, dismiss };
}
