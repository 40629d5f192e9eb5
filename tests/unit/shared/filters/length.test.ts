import { describe, expect, it } from 'vitest';
import { AGENTLM_SYSTEM_PROMPT, lengthFilter, lengthSettings } from '../../../../shared/filters/length';
import { countTokens } from '../../../../shared/text/llama-tokens';
import { agentRecords, generalRecords, recordById, withTurnText, type RealRecord } from './real-data';
import { realData } from '../../../helpers/data';
import { itWithData } from '../../../helpers/with-data';

const defaults = lengthSettings.parse({});
const plain = lengthSettings.parse({ template: 'plain' });
const agents = realData(() => agentRecords());

function judged(record: RealRecord, settings = defaults) {
  return lengthFilter.judge(lengthFilter.measure(record.conversation, record.context, settings), settings, record.context);
}

/** Clean WebShop trajectories longer than AgentLM's 4,096 tokens, with their counts. */
const LONG_WEBSHOP: Record<string, number> = {
  webshop_sneakers0_clean_2: 7139,
  webshop_sneakers0_clean_9: 6357,
  webshop_sneakers0_clean_17: 4271,
  webshop_sneakers0_clean_29: 5983,
  webshop_sneakers0_clean_40: 5379,
};

describe('length filter', () => {
  it("defaults to AgentLM's 4,096-token sequence and the Llama-2-chat layout, with no other limit", () => {
    expect(defaults).toMatchObject({ maxTokens: 4096, template: 'llama-2-chat', systemPrompt: AGENTLM_SYSTEM_PROMPT });
    expect([defaults.minTokens, defaults.maxTurns, defaults.minTurns, defaults.maxTurnChars]).toEqual([null, null, null, null]);
  });

  itWithData('counts the bare turns with the plain template', () => {
    const record = recordById(agents, 'adp', 'os_42');
    const measurement = lengthFilter.measure(record.conversation, record.context, plain);
    const turns = record.conversation.turns;
    expect(measurement.scores.tokens).toBe(turns.reduce((sum, turn) => sum + countTokens(turn.text), 0));
    expect(measurement.scores.trainableTokens).toBe(turns.filter((turn) => turn.role === 'assistant').reduce((sum, turn) => sum + countTokens(turn.text), 0));
    expect(measurement.scores.turns).toBe(turns.length);
    expect(measurement.scores.characters).toBe(turns.reduce((sum, turn) => sum + turn.text.length, 0));
    expect(measurement.scores.maxTurnChars).toBe(Math.max(...turns.map((turn) => turn.text.length)));
  });

  itWithData("adds the Llama-2-chat markup and AgentLM's system prompt when the record has none", () => {
    const record = recordById(agents, 'adp', 'os_42');
    const chat = lengthFilter.measure(record.conversation, record.context, defaults).scores.tokens ?? Number.NaN;
    const bare = lengthFilter.measure(record.conversation, record.context, plain).scores.tokens ?? Number.NaN;
    const users = record.conversation.turns.filter((turn) => turn.role !== 'assistant').length;
    const assistants = record.conversation.turns.length - users;
    const markup = 1 + countTokens('<<SYS>>') + countTokens('<</SYS>>') + countTokens(AGENTLM_SYSTEM_PROMPT) + users * (countTokens('[INST]') + countTokens('[/INST]')) + assistants * 2;
    expect(chat - bare).toBe(markup);
    // A record with its own system turn (val200 carries AgentLM's) gets no second one.
    const withSystem = recordById(agents, 'val200', 'os_116');
    expect(withSystem.conversation.turns[0].role).toBe('system');
    const chatSystem = lengthFilter.measure(withSystem.conversation, withSystem.context, defaults).scores.tokens ?? Number.NaN;
    const bareSystem = lengthFilter.measure(withSystem.conversation, withSystem.context, plain).scores.tokens ?? Number.NaN;
    const turnsBelow = withSystem.conversation.turns.slice(1);
    const usersBelow = turnsBelow.filter((turn) => turn.role !== 'assistant').length;
    expect(chatSystem - bareSystem).toBe(1 + countTokens('<<SYS>>') + countTokens('<</SYS>>') + usersBelow * (countTokens('[INST]') + countTokens('[/INST]')) + (turnsBelow.length - usersBelow) * 2);
  });

  itWithData('keeps every AgentInstruct record (ADP, val200, ETO) within 4,096 tokens', () => {
    for (const record of agents.filter((candidate) => candidate.source !== 'webshop-clean')) {
      expect(judged(record).reasons, `${record.source} ${record.conversation.id}`).toEqual([]);
    }
  });

  itWithData('drops the five clean WebShop trajectories longer than 4,096 tokens, and re-judges them at 8,192', () => {
    const clean = agents.filter((record) => record.source === 'webshop-clean');
    const long: Record<string, number> = {};
    for (const record of clean) {
      const measurement = lengthFilter.measure(record.conversation, record.context, defaults);
      const outcome = lengthFilter.judge(measurement, defaults, record.context);
      if (outcome.decision === 'keep') continue;
      long[record.conversation.id ?? ''] = measurement.scores.tokens ?? Number.NaN;
      expect(outcome.reasons[0]).toMatchObject({
        rule: 'length.max-tokens',
        message: `${measurement.scores.tokens} Llama-2 tokens (Llama-2-chat layout), more than the limit of 4096`,
      });
      expect(lengthFilter.judge(measurement, lengthSettings.parse({ maxTokens: 8192 }), record.context).decision).toBe('keep');
      expect(lengthFilter.judge(measurement, lengthSettings.parse({ maxTokens: null }), record.context).decision).toBe('keep');
    }
    expect(long).toEqual(LONG_WEBSHOP);
  });

  itWithData('checks turn counts and the longest turn, naming it', () => {
    const record = recordById(agents, 'adp', 'os_42');
    const longest = withTurnText(record, 2, 'x'.repeat(20_000));
    const measurement = lengthFilter.measure(longest.conversation, longest.context, defaults);
    const limits = lengthSettings.parse({ maxTurns: 10, maxTurnChars: 10_000, maxTokens: null });
    const outcome = lengthFilter.judge(measurement, limits, longest.context);
    expect(outcome.reasons.map((reason) => reason.rule)).toEqual(['length.max-turns', 'length.max-turn-chars']);
    expect(outcome.reasons[0].message).toBe('14 turns, more than the limit of 10');
    expect(outcome.reasons[1]).toMatchObject({ turn: 2, message: 'user turn 2 has 20,000 characters, more than the limit of 10,000' });
    const minimums = lengthSettings.parse({ minTurns: 20, minTokens: 100_000, maxTokens: null });
    expect(lengthFilter.judge(measurement, minimums, longest.context).reasons.map((reason) => reason.rule)).toEqual(['length.min-tokens', 'length.min-turns']);
  });

  itWithData('counts template turns the same through their cache', () => {
    const record = generalRecords()[0];
    const templated: RealRecord = { ...record, context: { ...record.context, templateTurns: new Set([0, 1]) } };
    const first = lengthFilter.measure(templated.conversation, templated.context, defaults);
    const again = lengthFilter.measure(templated.conversation, templated.context, defaults);
    expect(first.scores).toEqual(lengthFilter.measure(record.conversation, record.context, defaults).scores);
    expect(again.scores).toEqual(first.scores);
  });

  it('lists the settings that change the measurement', () => {
    expect(lengthFilter.measureKeys).toEqual(['template', 'systemPrompt']);
  });
});
