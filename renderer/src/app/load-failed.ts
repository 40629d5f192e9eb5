import { messageOf } from './message-of';

/**
 * The rejection handler of a hook's first load (the sources, the recipe, the jobs): a lost
 * connection is shown by the connection banner and the page reloads once serve is back (docs/ui.md,
 * "Start-up"), so the failure is logged with what was being loaded rather than left unhandled.
 */
export function loadFailed(what: string): (caught: unknown) => void {
  return (caught) => console.error(`AgentMix Studio could not load ${what}: ${messageOf(caught)}`);
}
