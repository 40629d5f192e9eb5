import { expect, it } from 'vitest';
import { exportRecord } from '../../../../shared/export/export-record';
import { exportSettings, EXPORT_FORMATS } from '../../../../shared/export/settings';
import type { FormatName } from '../../../../shared/formats/index';
import { essence, EXPORT_READERS, expectedEssence } from '../../../helpers/export-essence';
import { realConversations } from './real-conversations';
import { realData } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

const conversations = realData(() => realConversations());

describeWithData('every export format re-reads to the same conversations and loss flags (real data, 2,370 records)', () => {
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
        const read = EXPORT_READERS[format](JSON.parse(JSON.stringify(written.value)));
        if (!read.ok) throw new Error(`${label} does not re-read as ${format}: ${read.message}`);
        expect(essence(read.conversation), `${label} as ${format}`).toEqual(expectedEssence(format, conversation));
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
