/**
 * The normalized form every algorithm sees (docs/ARCHITECTURE.md, "Data model").
 * Readers in shared/formats turn each on-disk format into a Conversation; writers turn it back.
 */

/** The four normalized roles. Format-specific names (`gpt`, `function_call`, `observation`...) are kept in {@link Turn.from}. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** The roles, in a fixed order (used for codes in typed arrays). */
export const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

/** One message of a conversation. */
export interface Turn {
  role: Role;
  /** The text, exactly as in the record (content parts joined with "\n" for list content). */
  text: string;
  /**
   * Whether the trainer computes loss on this turn: AgentInstruct `loss`, OpenAI `weight`,
   * LLaMA-Factory `loss_weight`. `null` when the record does not say (an assistant turn without a
   * flag trains by default; see {@link trains}).
   */
  loss: boolean | null;
  /** The role name as written in the source (`human`, `gpt`, `function_call`, `observation`, `user`...). */
  from: string;
  /**
   * True when the turn is a tool call: ShareGPT `function_call`, OpenAI `tool_calls` or `function_call`.
   * Its text then ends with the call as LLaMA-Factory writes a function_call value,
   * `{"name": ..., "arguments": ...}` (a JSON array for parallel calls). Absent on other turns.
   */
  toolCall?: boolean;
}

/** The six AgentInstruct tasks (THUDM/AgentInstruct splits). */
export const AGENT_TASKS = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'] as const;

/** One of {@link AGENT_TASKS}. */
export type AgentTask = (typeof AGENT_TASKS)[number];

/** A record in normalized form. */
export interface Conversation {
  /** The record's own id, or null when it has none (its key then uses the ordinal). */
  id: string | null;
  /** The task: an AgentInstruct task, another string from a field or the user's mapping, or null. */
  task: string | null;
  /** The reward when the record carries one (`reward`, `meta.reward`, `success`), else null. */
  reward: number | null;
  turns: Turn[];
  /** The parsed record exactly as read, so that an export in its own format loses nothing. */
  raw: unknown;
}

/** True when a turn is trained on: assistant turns whose loss flag is true or unset. */
export function trains(turn: Turn): boolean {
  return turn.role === 'assistant' && turn.loss !== false;
}
