/**
 * The names of every call and event of the contract (docs/ARCHITECTURE.md, "The contract").
 * Kept apart from the zod schemas so that the sandboxed preload can build `window.agentmix` from
 * them without bundling zod; `shared/api.ts` proves that its schema maps use exactly these names.
 */

/** Every call the renderer can make, as dotted `feature.verb` names. */
export const CALL_NAMES = [
  'app.info',
  'access.list',
  'access.allow',
  'sources.open',
  'sources.list',
  'sources.close',
  'sources.excerpt',
  'records.page',
  'records.find',
  'records.locate',
  'records.get',
  'records.validate',
  'records.rewrite',
  'recipe.open',
  'recipe.openDemo',
  'recipe.current',
  'pipeline.run',
  'filters.state',
  'filters.apply',
  'recipe.save',
  'recipe.text',
  'export.preview',
  'export.run',
  'export.trainerView',
  'leakage.list',
  'leakage.get',
  'duplicates.list',
  'duplicates.get',
  'review.sync',
  'review.write',
  'review.read',
  'dialogs.openFiles',
  'dialogs.saveFile',
  'dialogs.reveal',
  'jobs.list',
  'jobs.cancel',
] as const;

/** One of {@link CALL_NAMES}. */
export type CallName = (typeof CALL_NAMES)[number];

/** Every event the engine or the shell can send to the renderer (named `onDid...`, as VS Code does). */
export const EVENT_NAMES = [
  'onDidStartJob',
  'onDidProgress',
  'onDidFinishJob',
  'onDidChangeSources',
  'onDidChangeRecipe',
  'onDidRequestCommand',
  'onDidChangeVerdicts',
] as const;

/** One of {@link EVENT_NAMES}. */
export type EventName = (typeof EVENT_NAMES)[number];

/** True when `name` is a call of the contract (a guard for untyped input from a transport). */
export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && (CALL_NAMES as readonly string[]).includes(name);
}

/** True when `name` is an event of the contract. */
export function isEventName(name: unknown): name is EventName {
  return typeof name === 'string' && (EVENT_NAMES as readonly string[]).includes(name);
}
