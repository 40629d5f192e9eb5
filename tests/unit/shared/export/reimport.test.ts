import { expect } from 'vitest';
import { exportRecord } from '../../../../shared/export/export-record';
import { exportSettings, EXPORT_FORMATS } from '../../../../shared/export/settings';
import { roundTripProblems } from '../../../helpers/export-essence';
import { describeWithData, itWithData } from '../../../helpers/with-data';
import { realConversations, REAL_CONVERSATION_FILES } from './real-conversations';

describeWithData('every export format re-reads to the messages it wrote (real data in ../shared/data)', () => {
  for (const format of EXPORT_FORMATS) {
    itWithData(format, () => {
      const settings = exportSettings.parse({ format });
      const problems: string[] = [];
      let written = 0;
      for (const { label, conversation, format: source } of realConversations()) {
        const result = exportRecord(conversation, settings, label, source);
        if (!result.ok) continue;
        written++;
        for (const problem of roundTripProblems(format, conversation, result)) problems.push(`${label}: ${problem}`);
      }
      expect(problems.slice(0, 10)).toEqual([]);
      expect(written).toBeGreaterThan(1000);
    });
  }

  itWithData('writes an AgentInstruct record that needs no conversion as it was read, with all its fields', () => {
    const settings = exportSettings.parse({ format: 'agentinstruct' });
    let same = 0;
    for (const { label, conversation, format } of realConversations()) {
      if (format !== 'agentinstruct') continue;
      const result = exportRecord(conversation, settings, label, format);
      if (result.ok && Object.keys(result.conversions).length === 0) {
        expect(result.value, label).toEqual(conversation.raw);
        same++;
      }
    }
    expect(same).toBeGreaterThanOrEqual(50);
  });

  itWithData('reads every file the list names', () => {
    expect(REAL_CONVERSATION_FILES.length).toBeGreaterThan(10);
  });
});
