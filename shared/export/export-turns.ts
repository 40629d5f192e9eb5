/**
 * The writers' view of a conversation: every turn with its text, reasoning, tool calls and the call
 * a tool result answers kept apart, the tool definitions, and whether each turn trains. It is read
 * from the normalized model (shared/schema/conversation.ts; docs/formats.md) and never from a
 * record's raw form, so every format is written the same way whatever the source was.
 */
import { trains, type Conversation, type Role, type ToolCall, type ToolDefinition } from '../schema/conversation';
import { toolCallsText, turnText } from '../schema/turn-text';

/** A tool call: the function, its arguments as JSON text, and the call's id when the source gives one. */
export type ExportCall = ToolCall;

/** One source turn. */
export interface ExportTurn {
  /** Its position in the conversation. */
  index: number;
  role: Role;
  /** The message text, without reasoning or tool calls. */
  text: string;
  /** Assistant turns: the reasoning before the answer ('' when none). */
  reasoning: string;
  /** Assistant turns: the calls the turn makes. */
  calls: ExportCall[];
  /** Tool turns: the id of the call answered, when the source names it. */
  callId: string | null;
  loss: boolean | null;
  /** Whether the source trains on it ({@link trains}). */
  trains: boolean;
}

/** A tool definition as LLaMA-Factory and OpenAI's `function` hold it. */
export type ExportTool = ToolDefinition;

/** The turns of a conversation as the writers see them. */
export function exportTurns(conversation: Conversation): ExportTurn[] {
  return conversation.turns.map((turn, index) => ({
    index,
    role: turn.role,
    text: turn.text,
    reasoning: turn.reasoning ?? '',
    calls: turn.toolCalls ?? [],
    callId: turn.callId ?? null,
    loss: turn.loss,
    trains: trains(turn),
  }));
}

/** The record's tool definitions ([] when none). */
export function exportTools(conversation: Conversation): ExportTool[] {
  return conversation.tools ?? [];
}

/** The calls as one text, as LLaMA-Factory writes a `function_call` value (a JSON array for several). */
export function callsText(calls: readonly ExportCall[]): string {
  return toolCallsText(calls);
}

/** A turn as one text: reasoning, text and calls, each on its own line (docs/formats.md, "Turn text"). */
export function flatText(turn: Pick<ExportTurn, 'text' | 'reasoning' | 'calls'>): string {
  return turnText({ text: turn.text, reasoning: turn.reasoning === '' ? undefined : turn.reasoning, toolCalls: turn.calls });
}

/** True when a turn says nothing: no text, reasoning or call. */
export function isEmptyTurn(turn: ExportTurn): boolean {
  return turn.text === '' && turn.reasoning === '' && turn.calls.length === 0;
}
