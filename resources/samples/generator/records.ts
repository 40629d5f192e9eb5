/**
 * The record shapes the demo writes: AgentInstruct's native `from`/`value`/`loss` turns (agent
 * trajectories), ShareGPT chats, and OpenAI `messages` with tool calls (docs/domain.md).
 */

/** One AgentInstruct or ShareGPT turn. `loss` is present only in AgentInstruct records. */
export interface ShareTurn {
  from: 'human' | 'gpt' | 'system';
  value: string;
  loss?: boolean | null;
}

/** An AgentInstruct trajectory (`reward` only on the run-log records) or a ShareGPT chat. */
export interface ShareRecord {
  id: string;
  conversations: ShareTurn[];
  reward?: number;
  source?: string;
}

/** An OpenAI chat message, tool calls included. */
export interface OpenAiMessage {
  role: 'system' | 'user' | 'assistant' | 'tool';
  content: string | null;
  tool_calls?: { id: string; type: 'function'; function: { name: string; arguments: string } }[];
  tool_call_id?: string;
}

/** An OpenAI fine-tuning record. */
export interface OpenAiRecord {
  id: string;
  messages: OpenAiMessage[];
  tools?: { type: 'function'; function: { name: string; description: string; parameters: object } }[];
}

/** A user (environment) turn of a trajectory: it never trains. */
export function human(value: string): ShareTurn {
  return { from: 'human', value, loss: null };
}

/** An agent turn of a trajectory; `trains` false for acknowledgements and one-shot examples. */
export function agent(value: string, trains = true): ShareTurn {
  return { from: 'gpt', value, loss: trains };
}

/** A trajectory: the task prompt, its acknowledgement or example turns, then the episode. */
export function trajectory(id: string, turns: ShareTurn[]): ShareRecord {
  return { id, conversations: turns };
}
