import { expect, it } from 'vitest';
import { structureFilter, structureSettings } from '../../../../shared/filters/structure';
import type { Role, Turn } from '../../../../shared/schema/conversation';
import { agentRecords, fireactRecords, firstTurnOnlyRecords, generalRecords, withTurnText, type RealRecord } from './real-data';
import { realData } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';

const defaults = structureSettings.parse({});

function judged(record: RealRecord, settings = defaults) {
  return structureFilter.judge(structureFilter.measure(record.conversation, record.context, settings), settings, record.context);
}

/** A copy of a record with different turns. */
function withTurns(record: RealRecord, turns: Turn[]): RealRecord {
  return { ...record, conversation: { ...record.conversation, turns } };
}

function turn(role: Role, text = 'text', loss: boolean | null = null): Turn {
  return { role, text, loss, from: role };
}

const agents = realData(() => agentRecords());
const os = realData(() => agents.find((record) => record.conversation.id === 'os_42' && record.source === 'adp') as RealRecord);

describeWithData('structure filter', () => {
  it('keeps every real AgentInstruct-style and general record', () => {
    for (const record of [...agents, ...generalRecords()]) {
      const outcome = judged(record);
      expect(outcome.reasons, `${record.source} ${record.conversation.id}`).toEqual([]);
    }
  });

  it('drops the 500 mlenergy records, which hold one human turn and no answer', () => {
    for (const record of firstTurnOnlyRecords()) {
      const outcome = judged(record);
      expect(outcome.decision).toBe('drop');
      expect(outcome.reasons.map((reason) => reason.rule)).toEqual(['structure.ends-with-assistant', 'structure.no-trainable-turn']);
      expect(outcome.reasons[0].message).toBe('the conversation has no assistant turn (1 turn, the last from the user)');
    }
  });

  it("keeps FireAct's trailing observation in agent records, and explains it when the setting is off", () => {
    const strict = structureSettings.parse({ allowTrailingObservation: false });
    for (const record of fireactRecords()) {
      const measurement = structureFilter.measure(record.conversation, record.context, defaults);
      expect(measurement.scores).toEqual({ structureViolations: 0, trailingObservation: 1 });
      expect(structureFilter.judge(measurement, defaults, record.context).decision).toBe('keep');
      const outcome = structureFilter.judge(measurement, strict, record.context);
      expect(outcome.decision).toBe('drop');
      const last = record.conversation.turns.length - 1;
      expect(outcome.reasons[0]).toMatchObject({ rule: 'structure.ends-with-assistant', turn: last });
      expect(outcome.reasons[0].message).toBe(
        `the conversation ends with 1 user turn after the last assistant turn (${last - 1}): \`Observation: Episode finished, reward = True\`; allowTrailingObservation is off`,
      );
    }
  });

  it('drops a general record that ends with the user', () => {
    const general = generalRecords()[0];
    const trailing = withTurns(general, [...general.conversation.turns, turn('user', 'And then?')]);
    const outcome = judged(trailing);
    expect(outcome.decision).toBe('drop');
    expect(outcome.reasons[0].message).toContain('general records must end with an assistant turn');
  });

  it('finds planted mutations with the right rule and turn', () => {
    const turns = os.conversation.turns;
    const cases: [string, RealRecord, string, number | undefined][] = [
      ['assistant first', withTurns(os, turns.slice(1)), 'structure.first-turn', 0],
      ['two user turns in a row', withTurns(os, [turns[0], turn('user', 'again'), ...turns.slice(1)]), 'structure.alternation', 1],
      ['a tool turn after the user', withTurns(os, [turns[0], turn('tool', 'output'), ...turns.slice(1)]), 'structure.alternation', 1],
      ['an empty turn', withTurnText(os, 3, '  \n'), 'structure.empty-turn', 3],
      ['a late system turn', withTurns(os, [...turns.slice(0, 4), turn('system', 'be brief'), ...turns.slice(4)]), 'structure.system-position', 4],
      ['no trainable turn', withTurns(os, turns.map((at) => (at.role === 'assistant' ? { ...at, loss: false } : at))), 'structure.no-trainable-turn', undefined],
      ['no turns', withTurns(os, []), 'structure.no-turns', undefined],
    ];
    for (const [name, record, rule, index] of cases) {
      const outcome = judged(record);
      expect(outcome.decision, name).toBe('drop');
      expect(outcome.reasons[0].rule, name).toBe(rule);
      expect(outcome.reasons[0].turn, name).toBe(index);
    }
    const twoUsers = judged(withTurns(os, [turns[0], turn('user', 'again'), ...turns.slice(1)]));
    expect(twoUsers.reasons[0].message).toBe('user turn 1 follows a user turn; expected assistant');
  });

  it('accepts system turns first and tool results after an assistant turn', () => {
    const record = withTurns(os, [
      turn('system', 'You are a helpful, respectful and honest assistant.'),
      turn('user', 'list files'),
      turn('assistant', 'call ls'),
      turn('tool', 'a b'),
      turn('tool', 'c'),
      turn('assistant', 'three files'),
    ]);
    expect(judged(record).decision).toBe('keep');
  });

  it('flags instead of dropping when the action says so', () => {
    expect(judged(firstTurnOnlyRecords()[0], structureSettings.parse({ action: 'flag' })).decision).toBe('flag');
  });
});
