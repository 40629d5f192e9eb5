import type { ExportFormat } from './settings';

/** What the written records hold that the LLaMA-Factory entry and the Axolotl snippet must describe. */
export interface ExportTraits {
  /** A record has a `system` column. */
  hasSystem: boolean;
  /** A record has a `tools` column. */
  hasTools: boolean;
  /** A `tools` column holds a JSON string (LLaMA-Factory's form) rather than a list. */
  hasStringTools: boolean;
  /** A turn is masked: `loss: false` (ShareGPT, AgentInstruct) or `weight: 0` (OpenAI). */
  hasMaskedTurns: boolean;
}

/** Traits of nothing written yet. */
export function emptyTraits(): ExportTraits {
  return { hasSystem: false, hasTools: false, hasStringTools: false, hasMaskedTurns: false };
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Updates `traits` with one written record. */
export function noteTraits(traits: ExportTraits, value: unknown, format: ExportFormat): void {
  if (!isObject(value) || format === 'llama2-chat') return;
  if (typeof value.system === 'string') traits.hasSystem = true;
  if (value.tools !== undefined) {
    traits.hasTools = true;
    if (typeof value.tools === 'string') traits.hasStringTools = true;
  }
  if (traits.hasMaskedTurns) return;
  const messages = format === 'openai' ? value.messages : value.conversations;
  if (!Array.isArray(messages)) return;
  const flag = format === 'openai' ? 'weight' : 'loss';
  const masked = format === 'openai' ? 0 : false;
  traits.hasMaskedTurns = messages.some((message) => isObject(message) && message[flag] === masked);
}
