/**
 * The format filter: every trainable assistant turn of an AgentInstruct-style trajectory follows
 * the action syntax its task's prompt prescribes. Formatting errors are the first failure class
 * of the AgentTuning paper's error analysis (Zeng et al. 2023, §3.3).
 *
 * Records of other tasks, and general (chat) records, are not checked: kept, score 0.
 */
import { actionTurns } from './action-turns';
import { grammarFor } from './grammars/index';
import { decide, keep } from './outcome';
import { agentTaskOf } from './task-prompts';
import type { FilterDefinition, Reason } from './types';
import { formatSettings, type FormatSettings } from './settings';


// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { formatSettings, type FormatSettings } from './settings';

/** The format filter. */
export const formatFilter: FilterDefinition<FormatSettings> = {
  name: 'format',
  settings: formatSettings,
  measureKeys: ['tasks'],
  measure(conversation, context, settings) {
    const task = agentTaskOf(conversation, context);
    const grammar = task !== null && settings.tasks.includes(task) ? grammarFor(task) : null;
    if (grammar === null) return { scores: { malformedTurns: 0, actionTurns: 0 } };
    const turns = actionTurns(conversation, context, grammar);
    let malformed = 0;
    let first: Reason | undefined;
    for (const turn of turns) {
      if (turn.parsed.ok) continue;
      malformed++;
      first ??= {
        stage: 'filter',
        rule: 'format.malformed-turn',
        message: `assistant turn ${turn.index} does not follow the ${grammar.task} action syntax: ${turn.parsed.problem}`,
        turn: turn.index,
        start: turn.parsed.start ?? 0,
        end: turn.parsed.end ?? turn.text.length,
      };
    }
    const scores = { malformedTurns: malformed, actionTurns: turns.length };
    return first === undefined ? { scores } : { scores, evidence: { malformedTurns: first } };
  },
  judge(measurement, settings) {
    if (!settings.enabled) return keep();
    const malformed = measurement.scores.malformedTurns ?? 0;
    const first = measurement.evidence?.malformedTurns;
    if (malformed <= settings.maxMalformedTurns || first === undefined) return keep();
    const others = malformed > 1 ? ` (${malformed} malformed turns in all)` : '';
    return decide([{ ...first, message: first.message + others }], settings.action);
  },
};
