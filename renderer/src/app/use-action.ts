import { useState } from 'react';

/** An async action of a dialog: whether it runs, and its error as a readable message. */
export interface Action {
  busy: boolean;
  error: string | null;
  /** Runs `work`; resolves to its result, or to undefined after showing its error. */
  run<T>(work: () => Promise<T>): Promise<T | undefined>;
}

/** The busy flag and error message every dialog that calls the engine needs. */
export function useAction(): Action {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  return {
    busy,
    error,
    run: async (work) => {
      setBusy(true);
      setError(null);
      try {
        return await work();
      } catch (caught) {
        setError(caught instanceof Error ? caught.message : String(caught));
        return undefined;
      } finally {
        setBusy(false);
      }
    },
  };
}
