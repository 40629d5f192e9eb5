import type { Conversation } from '../schema/conversation';
import type { ExportWrite } from './format-spec';
import { formatSpec } from './formats/index';
import type { ExportSettings } from './settings';

/**
 * Writes one conversation in the export's format, from the normalized model (formats/, one writer
 * per format): the record, the messages written with the source turns each holds, and what was
 * converted. A record the format cannot hold comes back as a message. `key` is the record key, the
 * id of a record that has none; `sourceFormat` lets a record written in its own format come back as
 * it was read when nothing needed converting.
 */
export function exportRecord(
  conversation: Conversation,
  settings: Pick<ExportSettings, 'format' | 'systemPrompt' | 'keepRecordSystem'>,
  key: string = conversation.id ?? '',
  sourceFormat?: string,
): ExportWrite {
  return formatSpec(settings.format).write(conversation, { key, sourceFormat, systemPrompt: settings.systemPrompt, keepRecordSystem: settings.keepRecordSystem });
}
