import { describe, expect, it } from 'vitest';
import { exportRecord } from '../../../../shared/export/export-record';
import { LLAMA2_DEFAULT_SYSTEM, readLlama2Chat } from '../../../../shared/export/llama2-chat';
import { exportSettings, EXPORT_FORMATS, type ExportFormat } from '../../../../shared/export/settings';
import { getFormat, type FormatName } from '../../../../shared/formats/index';
import { trains, type Conversation } from '../../../../shared/schema/conversation';
import { realConversations } from './real-conversations';

const conversations = realConversations();

/** What an export must keep: each turn's role, text and whether it trains. */
function essence(conversation: Conversation): [string, string, boolean][] {
  return conversation.turns.map((turn) => [turn.role, turn.text, trains(turn)]);
}

/** The reader of each export format. */
const READER: Record<ExportFormat, (value: unknown) => { ok: true; conversation: Conversation } | { ok: false; message: string }> = {
  sharegpt: (value) => getFormat('sharegpt').read(value),
  'sharegpt-jsonl': (value) => getFormat('sharegpt').read(value),
  agentinstruct: (value) => getFormat('agentinstruct').read(value),
  openai: (value) => getFormat('openai').read(value),
  'llama2-chat': readLlama2Chat,
};

/** What agentinstruct is documented to give back: only human and gpt, so system and tool turns come back as user turns. */
function agentInstructEssence(conversation: Conversation): [string, string, boolean][] {
  return essence(conversation).map(([role, text, trained]): [string, string, boolean] => [role === 'assistant' ? role : 'user', text, trained]);
}

/** What llama2-chat is documented to give back: tool results in the user slot, a system turn always first. */
function llama2Essence(conversation: Conversation): [string, string, boolean][] {
  const turns = essence(conversation).map(([role, text, trained]): [string, string, boolean] => [role === 'tool' ? 'user' : role, text, trained]);
  return turns[0]?.[0] === 'system' ? turns : [['system', LLAMA2_DEFAULT_SYSTEM, false], ...turns];
}

describe('every export format re-reads to the same conversations and loss flags (real data, 2,370 records)', () => {
  it('has the real records to test', () => {
    expect(conversations.length).toBe(30 + 200 + 50 + 500 + 5 + 500 + 300 + 500 + 500 + 3);
  });

  for (const format of EXPORT_FORMATS) {
    it(format, () => {
      const settings = exportSettings.parse({ format });
      const refused: string[] = [];
      for (const { label, conversation } of conversations) {
        const written = exportRecord(conversation, settings, label);
        if (!written.ok) {
          refused.push(`${label}: ${written.message}`);
          continue;
        }
        // Through JSON text, as the file holds it.
        const read = READER[format](JSON.parse(JSON.stringify(written.value)));
        if (!read.ok) throw new Error(`${label} does not re-read as ${format}: ${read.message}`);
        const expected =
          format === 'llama2-chat' ? llama2Essence(conversation) : format === 'agentinstruct' ? agentInstructEssence(conversation) : essence(conversation);
        expect(essence(read.conversation), `${label} as ${format}`).toEqual(expected);
        expect(read.conversation.id, label).toBe(conversation.id ?? (format === 'agentinstruct' ? label : null));
      }
      expect(refused).toEqual([]);
    });
  }

  it('writes a record in its own format back unchanged (agentinstruct, sharegpt, openai)', () => {
    const own: Record<string, FormatName> = { 'clean_sneakers_query-attack.json': 'agentinstruct', 'original_example.json': 'sharegpt', 'hotpotqa.jsonl': 'openai' };
    for (const { label, conversation } of conversations) {
      const format = own[label.split('#')[0]];
      if (format === undefined) continue;
      const written = exportRecord(conversation, exportSettings.parse({ format }));
      expect(written.ok && written.value, label).toEqual(conversation.raw);
    }
  });
});
