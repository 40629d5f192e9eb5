import { useSyncExternalStore } from 'react';
import { isConnectionFailure } from '../api/socket-bridge';
import { messageOf } from './message-of';

/** The load failures shown until dismissed, oldest first. */
let problems: readonly string[] = [];
const listeners = new Set<() => void>();

function publish(next: readonly string[]): void {
  problems = next;
  for (const listener of listeners) listener();
}

/**
 * The rejection handler of a hook's first load (the sources, the recipe, the jobs). A lost
 * connection is shown by the connection banner and the page reloads once serve is back (docs/ui.md,
 * "Start-up"), so it is only logged; any other failure is also shown in the load-problems banner
 * (the desk would otherwise look empty or stale with no word why), never left unhandled.
 */
export function loadFailed(what: string): (caught: unknown) => void {
  return (caught) => {
    const message = `AgentMix Studio could not load ${what}: ${messageOf(caught)}`;
    console.error(message);
    if (!isConnectionFailure(caught) && !problems.includes(message)) publish([...problems, message]);
  };
}

/** Removes a shown load failure. */
export function dismissLoadProblem(message: string): void {
  publish(problems.filter((problem) => problem !== message));
}

/** The load failures shown now. */
export function loadProblems(): readonly string[] {
  return problems;
}

/** The load failures shown now, as a React hook (re-renders when they change). */
export function useLoadProblems(): readonly string[] {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    loadProblems,
  );
}
