/**
 * Named milestones the app reaches (connected, sources listed, grid filled, record shown, decision
 * stored). Each sets `data-<name>` on <body> and fires an `agentmix:milestone` event, so end-to-end
 * tests wait for what the app did instead of sleeping (as Signal's tests wait for app events).
 */

/** Marks a milestone; `value` is kept in the attribute (a record key, a count). */
export function markMilestone(name: string, value = 'true'): void {
  document.body.dataset[name] = value;
  window.dispatchEvent(new CustomEvent('agentmix:milestone', { detail: { name, value } }));
}
