import { describe, expect, it } from 'vitest';
import { proseOf, repetitionFilter, repetitionSettings } from '../../../../shared/filters/repetition';
import { agentRecords, fireactRecords, generalRecords, recordById, withTurnText, type RealRecord } from './real-data';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

const defaults = repetitionSettings.parse({});
const agents = realData(() => agentRecords());

function judged(record: RealRecord, settings = defaults) {
  return repetitionFilter.judge(repetitionFilter.measure(record.conversation, record.context, settings), settings, record.context);
}

describe('repetition filter', () => {
  it("defaults to a loop of 3 and Gopher's thresholds (Rae et al. 2021, Table A1)", () => {
    expect(defaults).toMatchObject({
      loopRepeats: 3,
      minWords: 50,
      duplicateLineShare: 0.3,
      duplicateParagraphShare: 0.3,
      duplicateLineCharShare: 0.2,
      duplicateParagraphCharShare: 0.2,
      top2GramShare: 0.2,
      top3GramShare: 0.18,
      top4GramShare: 0.16,
      duplicate5GramShare: 0.15,
      duplicate10GramShare: 0.1,
    });
  });

  itWithData('keeps every real agent trajectory (AgentInstruct-style and FireAct)', () => {
    for (const record of [...agents, ...fireactRecords()]) {
      expect(judged(record).reasons, `${record.source} ${record.conversation.id}`).toEqual([]);
    }
  });

  itWithData('drops under 2% of the real general records, all for Gopher rules and none for loops', () => {
    const general = generalRecords();
    const dropped = general.map((record) => judged(record)).filter((outcome) => outcome.decision === 'drop');
    expect(dropped.length / general.length).toBeLessThan(0.02);
    for (const outcome of dropped) {
      for (const reason of outcome.reasons) expect(reason.rule).toMatch(/^repetition\.(duplicate|top)/);
    }
  });

  itWithData('finds a planted loop of the same bash command under different thoughts', () => {
    const record = recordById(agents, 'adp', 'os_116');
    const again = (thought: string) => `Think: ${thought}\n\nAct: bash\n\n\`\`\`bash\nfind ~ -type f -name "*.txt"\n\`\`\``;
    const looped = withTurnText(withTurnText(record, 9, again('Let me look again.')), 11, again('Once more.'));
    const measurement = repetitionFilter.measure(looped.conversation, looped.context, defaults);
    expect(measurement.scores.loopLength).toBe(3);
    const outcome = repetitionFilter.judge(measurement, defaults, looped.context);
    expect(outcome.decision).toBe('drop');
    expect(outcome.reasons[0]).toMatchObject({ rule: 'repetition.loop', turn: 7 });
    expect(outcome.reasons[0].message).toBe(
      'assistant turns 7, 9, 11 take the same action 3 times in a row: `bash find ~ -type f -name "*.txt"` (limit: 3 in a row)',
    );
    // Thresholds move without measuring again.
    expect(repetitionFilter.judge(measurement, repetitionSettings.parse({ loopRepeats: 4 }), looped.context).decision).toBe('keep');
    expect(repetitionFilter.judge(measurement, repetitionSettings.parse({ loopRepeats: 0 }), looped.context).decision).toBe('keep');
  });

  itWithData('finds a loop of identical ALFWorld actions', () => {
    const record = recordById(agents, 'adp', 'alfworld_219');
    const looped = withTurnText(withTurnText(record, 7, 'ACTION: go to cabinet 2'), 9, 'THOUGHT: maybe here.\n ACTION: go to cabinet 2');
    const outcome = judged(looped);
    expect(outcome.reasons[0]).toMatchObject({ rule: 'repetition.loop', turn: 5 });
  });

  itWithData('finds a loop of identical replies in a general record', () => {
    const record = generalRecords().find((candidate) => candidate.conversation.turns.length >= 6) as RealRecord;
    const reply = record.conversation.turns[1].text;
    const looped = withTurnText(withTurnText(record, 3, reply), 5, `  ${reply}\n`);
    expect(judged(looped).reasons[0]).toMatchObject({ rule: 'repetition.loop', turn: 1 });
  });

  itWithData('finds a planted repeated paragraph inside one turn, with its turn', () => {
    const record = generalRecords().find((candidate) => candidate.source === 'sharegpt-real') as RealRecord;
    const paragraph = record.conversation.turns[1].text.split('\n\n')[0];
    expect(paragraph.split(/\s+/).length).toBeGreaterThan(20);
    const repeated = withTurnText(record, 1, [paragraph, paragraph, paragraph, 'Thanks.'].join('\n\n'));
    const measurement = repetitionFilter.measure(repeated.conversation, repeated.context, defaults);
    expect(measurement.scores.duplicateParagraphShare).toBeCloseTo(2 / 4);
    const outcome = repetitionFilter.judge(measurement, defaults, repeated.context);
    expect(outcome.decision).toBe('drop');
    const paragraphs = outcome.reasons.find((reason) => reason.rule === 'repetition.duplicateParagraphShare');
    expect(paragraphs).toMatchObject({ turn: 1, message: "assistant turn 1: paragraphs that repeat an earlier paragraph make up 50.0% of the turn, above Gopher's 30%" });
    const lenient = repetitionSettings.parse(Object.fromEntries(Object.keys(defaults).filter((key) => key.endsWith('Share')).map((key) => [key, 1])));
    expect(repetitionFilter.judge(measurement, lenient, repeated.context).decision).toBe('keep');
  });

  itWithData('leaves turns shorter than minWords to the loop rule', () => {
    const record = recordById(agents, 'adp', 'webshop_190');
    const short = withTurnText(record, 3, 'Thought:\nsearch search search\nsearch search search\n\nAction:\nsearch[shoes]');
    expect(judged(short).decision).toBe('keep');
    expect(repetitionFilter.measureKeys).toContain('minWords');
  });

  it('reads prose only: code blocks out, and action lines out in agent records', () => {
    const text = 'Thought: find the band.\nAction: search[the band]\n```bash\nls\nls\n```\ndone';
    expect(proseOf(text, 'agent')).toBe('Thought: find the band.\n\n\ndone');
    expect(proseOf(text, 'general')).toBe('Thought: find the band.\nAction: search[the band]\n\ndone');
  });
});
