import { getFormat } from '../formats/index';
import type { FormatName } from '../formats/types';
import type { Conversation } from '../schema/conversation';
import { renderLlama2Chat } from './llama2-chat';
import type { ExportFormat, ExportSettings } from './settings';

/** A record written for the export, or why it cannot be. */
export type ExportRecordResult = { ok: true; value: unknown } | { ok: false; message: string };

/** The record format behind each export format (llama2-chat has its own renderer). */
const RECORD_FORMAT: Record<Exclude<ExportFormat, 'llama2-chat'>, FormatName> = {
  sharegpt: 'sharegpt',
  'sharegpt-jsonl': 'sharegpt',
  agentinstruct: 'agentinstruct',
  openai: 'openai',
};

/**
 * Writes one conversation in the export's format: the formats' own writers for sharegpt,
 * agentinstruct and openai (a record read from that format comes back with all its fields), the
 * Llama-2-chat renderer for llama2-chat. A record a format cannot hold comes back as a message.
 * AgentInstruct records must have an id: a record without one (a glaive row, say) gets its record
 * key, so the export re-reads as AgentInstruct and every line still names where it came from.
 */
export function exportRecord(
  conversation: Conversation,
  settings: Pick<ExportSettings, 'format' | 'systemPrompt' | 'keepRecordSystem'>,
  key?: string,
): ExportRecordResult {
  if (settings.format === 'agentinstruct' && conversation.id === null && key !== undefined) conversation = { ...conversation, id: key };
  if (settings.format === 'llama2-chat') {
    const rendered = renderLlama2Chat(conversation, settings);
    return rendered.ok ? { ok: true, value: rendered.record } : rendered;
  }
  try {
    return { ok: true, value: getFormat(RECORD_FORMAT[settings.format]).write(conversation) };
  } catch (error) {
    return { ok: false, message: `cannot write it as ${settings.format}: ${error instanceof Error ? error.message : String(error)}` };
  }
}
