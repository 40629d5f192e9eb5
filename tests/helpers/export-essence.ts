/**
 * What an export must keep of a conversation, per format (docs/recipe.md, "Formats"): each turn's
 * role, text and whether it trains. AgentInstruct has two roles (system and tool turns come back as
 * user turns); llama2-chat puts tool results in the user slot and always starts with a system turn.
 * Shared by the format re-import test and the end-to-end export tests.
 */
import { LLAMA2_DEFAULT_SYSTEM, readLlama2Chat } from '../../shared/export/llama2-chat';
import type { ExportFormat } from '../../shared/export/settings';
import { getFormat } from '../../shared/formats/index';
import type { ReadResult } from '../../shared/formats/types';
import { trains, type Conversation } from '../../shared/schema/conversation';
import { turnText } from '../../shared/schema/turn-text';

/** A turn as an export must keep it: role, text, whether it trains. */
export type TurnEssence = [string, string, boolean];

/** Each turn's role, text (with its reasoning and tool calls: shared/schema/turn-text.ts) and whether it trains. */
export function essence(conversation: Conversation): TurnEssence[] {
  return conversation.turns.map((turn) => [turn.role, turnText(turn), trains(turn)]);
}

/** The project's reader of each export format. */
export const EXPORT_READERS: Record<ExportFormat, (value: unknown) => ReadResult> = {
  sharegpt: (value) => getFormat('sharegpt').read(value),
  'sharegpt-jsonl': (value) => getFormat('sharegpt').read(value),
  agentinstruct: (value) => getFormat('agentinstruct').read(value),
  openai: (value) => getFormat('openai').read(value),
  'llama2-chat': readLlama2Chat,
};

/** What agentinstruct is documented to give back: only human and gpt, so system and tool turns come back as user turns. */
function agentInstructEssence(conversation: Conversation): TurnEssence[] {
  return essence(conversation).map(([role, text, trained]): TurnEssence => [role === 'assistant' ? role : 'user', text, trained]);
}

/** What llama2-chat is documented to give back: tool results in the user slot, a system turn always first. */
function llama2Essence(conversation: Conversation): TurnEssence[] {
  const turns = essence(conversation).map(([role, text, trained]): TurnEssence => [role === 'tool' ? 'user' : role, text, trained]);
  return turns[0]?.[0] === 'system' ? turns : [['system', LLAMA2_DEFAULT_SYSTEM, false], ...turns];
}

/** What re-reading a conversation exported as `format` must give back. */
export function expectedEssence(format: ExportFormat, conversation: Conversation): TurnEssence[] {
  if (format === 'llama2-chat') return llama2Essence(conversation);
  if (format === 'agentinstruct') return agentInstructEssence(conversation);
  return essence(conversation);
}
