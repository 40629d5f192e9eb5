import { describe, expect, it } from 'vitest';
import { refusalFilter, refusalSettings } from '../../../../shared/filters/refusal';
import { agentRecords, fireactRecords, generalRecords, recordById, withTurnText, type RealRecord } from './real-data';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';
import { demoAgentRecords } from './demo-data';

const defaults = refusalSettings.parse({});
const agents = realData(() => agentRecords());
/** A demo WebShop trajectory (resources/samples): "Ok." at turn 1 (loss false), the goal at 2, agent turns at 3 and 5. */
const webshop = (): RealRecord => recordById(demoAgentRecords(), 'demo', 'webshop_1');

function judged(record: RealRecord, settings = defaults) {
  return refusalFilter.judge(refusalFilter.measure(record.conversation, record.context, settings), settings, record.context);
}

describe('refusal filter', () => {
  itWithData('keeps every real agent trajectory', () => {
    for (const record of [...agents, ...fireactRecords()]) expect(judged(record).reasons).toEqual([]);
  });

  itWithData('finds exactly the two refusals among the 1,305 real general records', () => {
    const found = generalRecords()
      .map((record) => ({ record, outcome: judged(record) }))
      .filter(({ outcome }) => outcome.decision === 'drop');
    expect(found.map(({ record, outcome }) => `${record.source}: ${outcome.reasons[0].message}`)).toEqual([
      'glaive: assistant turn 1 refuses: "I\'m sorry, but I can\'t"',
      'v1-sft: assistant turn 1 refuses: "as an AI language model"',
    ]);
  });

  it('finds a planted refusal with its turn and span, curly apostrophes too', () => {
    const record = webshop();
    const text = 'Thought:\nI’m sorry, but I cannot help you buy this.\n\nAction:\nclick[Back to Search]';
    const outcome = judged(withTurnText(record, 5, text));
    expect(outcome.decision).toBe('drop');
    const [reason] = outcome.reasons;
    expect(reason).toMatchObject({ rule: 'refusal.phrase', turn: 5, message: 'assistant turn 5 refuses: "I’m sorry, but I cannot"' });
    expect(text.slice(reason.start, reason.end)).toBe('I’m sorry, but I cannot');
  });

  it('ignores refusals in user turns and in turns that do not train', () => {
    const record = webshop();
    expect(judged(withTurnText(record, 2, 'As an AI language model, find me shoes')).decision).toBe('keep');
    expect(record.conversation.turns[1].loss).toBe(false);
    expect(judged(withTurnText(record, 1, 'As an AI language model, I will help.')).decision).toBe('keep');
  });

  it('moves its threshold and roles without measuring again', () => {
    const record = webshop();
    const planted = withTurnText(record, 5, 'Thought:\nAs an AI language model I cannot shop. I cannot assist with that.\n\nAction:\nclick[Back to Search]');
    const measurement = refusalFilter.measure(planted.conversation, planted.context, defaults);
    expect(measurement.scores.refusalMatches).toBe(2);
    expect(refusalFilter.judge(measurement, defaults, planted.context).reasons[0].message).toBe(
      'assistant turn 5 refuses: "As an AI language model" (2 refusal phrases in all)',
    );
    expect(refusalFilter.judge(measurement, refusalSettings.parse({ minMatches: 3 }), planted.context).decision).toBe('keep');
    expect(refusalFilter.judge(measurement, refusalSettings.parse({ roles: ['general'] }), planted.context).decision).toBe('keep');
  });

  it('uses the phrases of the settings, matching any run of whitespace', () => {
    const settings = refusalSettings.parse({ phrases: ['I  will not'] });
    const record = withTurnText(webshop(), 3, 'Thought:\nI will\nnot search.\n\nAction:\nsearch[x]');
    expect(judged(record, settings).decision).toBe('drop');
    expect(judged(record, refusalSettings.parse({ phrases: [] })).decision).toBe('keep');
    expect(refusalFilter.measureKeys).toEqual(['phrases']);
  });
});
