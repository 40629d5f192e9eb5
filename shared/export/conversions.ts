/**
 * What a format cannot hold is converted by one of these rules and counted, per record and per turn,
 * in the export summary and the manifest (docs/recipe.md, "What a format cannot hold"); nothing is
 * dropped silently.
 */

/** The rules, with the sentence the summary and the manifest give each. */
export const CONVERSIONS = {
  'system-into-first-user': 'the system prompt is put before the first user message, with a blank line (the format has two roles)',
  'system-later-as-user': 'a system turn after the start is written as a user turn',
  'system-merged': 'several leading system turns are joined into one system prompt, with a blank line',
  'tool-calls-as-text': "tool calls are written into the assistant's text as LLaMA-Factory writes a function_call, {\"name\": ..., \"arguments\": ...}",
  'reasoning-as-text': "reasoning is written into the assistant's text, before the answer",
  'tool-results-as-user': 'tool results are written as user turns (as AgentInstruct gives environment feedback)',
  'turns-merged': 'consecutive turns on the same side are joined into one message, with a newline',
  'loss-merged': 'turns with different loss flags were joined; the message trains when any of them trains',
  'leading-assistant-dropped': 'assistant turns before the first user turn are left out (FastChat and LLaMA-Factory refuse or skip them)',
  'trailing-user-dropped': 'turns after the last assistant turn are left out (nothing trains on them; LLaMA-Factory refuses an odd count)',
  'empty-turns-dropped': 'empty turns are left out',
  'tools-dropped': 'tool definitions are left out (the format has no place for them)',
  'tool-result-as-user-message': 'a tool result that answers no tool call is written as a user message',
  'tool-call-ids-made': 'tool calls without an id get one (call_<turn>_<n>), and their results name it',
  'tool-call-arguments-as-text': 'a tool call whose arguments are not a JSON object is written as text',
} as const;

/** One rule. */
export type ConversionKind = keyof typeof CONVERSIONS;

/** Turns each rule touched in one record. */
export type ConversionCounts = Partial<Record<ConversionKind, number>>;

/** Adds `turns` to a rule's count. */
export function addConversion(counts: ConversionCounts, kind: ConversionKind, turns = 1): void {
  if (turns > 0) counts[kind] = (counts[kind] ?? 0) + turns;
}

/** Records and turns per rule over an export. */
export type ConversionTotals = Partial<Record<ConversionKind, { records: number; turns: number }>>;

/** Adds one record's counts to the totals. */
export function addConversionTotals(totals: ConversionTotals, counts: ConversionCounts): void {
  for (const [kind, turns] of Object.entries(counts) as [ConversionKind, number][]) {
    const total = (totals[kind] ??= { records: 0, turns: 0 });
    total.records++;
    total.turns += turns;
  }
}
