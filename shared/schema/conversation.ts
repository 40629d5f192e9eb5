/**
 * The normalized form every algorithm sees (docs/ARCHITECTURE.md, "Data model"; docs/formats.md
 * says what each format maps to what). Readers in shared/formats turn each on-disk format into a
 * Conversation; writers turn it back. Agent structure is carried as structure: tool calls, tool
 * results naming their call, tool definitions, reasoning and the run's outcome each have a field,
 * and none of them is folded into a turn's text. Consumers that measure text (filters, dedup,
 * leakage) read a turn through {@link turnText} in shared/schema/turn-text.ts.
 */

/** The four normalized roles. Format-specific names (`gpt`, `function_call`, `observation`, `ai`...) are kept in {@link Turn.from}. */
export type Role = 'system' | 'user' | 'assistant' | 'tool';

/** The roles, in a fixed order (used for codes in typed arrays). */
export const ROLES: readonly Role[] = ['system', 'user', 'assistant', 'tool'];

/** A call an assistant turn makes to a tool. */
export interface ToolCall {
  /** The call's id when the format carries one (OpenAI `tool_calls[].id`); the tool result that answers it names it in {@link Turn.callId}. */
  id?: string;
  /** The tool (function) name. */
  name: string;
  /**
   * The arguments as JSON text: OpenAI's `arguments` string as written; arguments stored as an
   * object (LLaMA-Factory's `function_call` values, ADP's `api_action.kwargs`) are their JSON text,
   * byte for byte where the reader can keep it, else serialized in Python's `json.dumps` style.
   */
  arguments: string;
}

/** One message of a conversation. */
export interface Turn {
  role: Role;
  /**
   * The message text exactly as in the record (text parts of list content joined with "\n"),
   * without the turn's tool calls or reasoning, which have their own fields. Empty for a turn that
   * is only a call.
   */
  text: string;
  /**
   * Whether the trainer computes loss on this turn: AgentInstruct `loss`, OpenAI `weight`,
   * LLaMA-Factory `loss_weight`, a SWE-agent `mask`. `null` when the record does not say (an
   * assistant turn without a flag trains by default; see {@link trains}).
   */
  loss: boolean | null;
  /** The role name as written in the source (`human`, `gpt`, `function_call`, `observation`, `ai`, `agent`, `user`...). */
  from: string;
  /** Assistant turns: the tool calls the turn makes, in order (absent when it makes none). */
  toolCalls?: ToolCall[];
  /** Assistant turns: the reasoning before the answer (LLaMA-Factory `reasoning` parts, `reasoning_content`, ATIF `reasoning_content`). */
  reasoning?: string;
  /** Tool turns: the id of the call this result answers, when the format names it (OpenAI `tool_call_id`). */
  callId?: string;
  /** Tool turns: the name of the tool that answered (OpenAI `name` on tool and function messages). */
  name?: string;
}

/** A tool the record's model could call: OpenAI's `tools[].function`, LLaMA-Factory's `tools` column, BFCL's `function`. */
export interface ToolDefinition {
  name: string;
  description?: string;
  /** The JSON Schema of the parameters, as the record gives it. */
  parameters?: unknown;
}

/**
 * How the run that produced the trajectory ended, as the record says: AgentBench's
 * `output.result` and `status`, SWE-agent's `target`/`resolved` and `exit_status`, FireAct's and
 * ETO's `reward`, `success`. The reward filter reads {@link Conversation.reward}, which comes from it.
 */
export interface Outcome {
  /** A score: the reward as given, or 1/0 for a success flag. */
  reward: number | null;
  /** Whether the run succeeded, when the record says so (a boolean, or a reward of exactly 1 or 0 from a success flag). */
  success: boolean | null;
  /** The run's status as written (`completed`, `agent invalid action`, `submitted`...). */
  status: string | null;
  /** Where the reader found it: the field paths, e.g. `output.result`, `resolved`, `info.reward`. */
  from: string;
}

/** The six AgentInstruct tasks (THUDM/AgentInstruct splits). */
export const AGENT_TASKS = ['os', 'db', 'alfworld', 'webshop', 'kg', 'mind2web'] as const;

/** One of {@link AGENT_TASKS}. */
export type AgentTask = (typeof AGENT_TASKS)[number];

/** Something a reader changed so that the record trains the way its trainer would train it (reported by `inspect`, not a loss). */
export interface Repair {
  /** `leading-assistant-dropped`: assistant turns before the first user turn, dropped as FastChat's trainer drops them. */
  kind: 'leading-assistant-dropped';
  /** How many turns it concerned. */
  turns: number;
}

/** A record in normalized form. */
export interface Conversation {
  /** The record's own id, or null when it has none (its key then uses the ordinal). */
  id: string | null;
  /** The task: an AgentInstruct task, another string from a field, a folder name or the user's mapping, or null. */
  task: string | null;
  /** The reward the reward filter reads: {@link Outcome.reward} when the record has an outcome, else null. */
  reward: number | null;
  turns: Turn[];
  /** The tool definitions the record gives its model (absent when it gives none). */
  tools?: ToolDefinition[];
  /** How the run ended, when the record says (absent otherwise). */
  outcome?: Outcome;
  /** What the reader changed (absent when nothing). */
  repairs?: Repair[];
  /**
   * The keys of `raw` the turns were read from, when not `conversations` or `messages`
   * (AgentBench's `output`, SWE-agent's `trajectory`, Alpaca's `instruction`/`input`/`output`...): a
   * writer of another format leaves them out, since the turns carry what they held.
   */
  turnKeys?: string[];
  /** The parsed record exactly as read, so that an export in its own format loses nothing. */
  raw: unknown;
}

/** True when a turn is trained on: assistant turns whose loss flag is true or unset. */
export function trains(turn: Turn): boolean {
  return turn.role === 'assistant' && turn.loss !== false;
}
