/**
 * The format filter: every trainable assistant turn of an AgentInstruct-style trajectory follows
 * the action syntax its task's prompt prescribes. Formatting errors are the first failure class
 * of the AgentTuning paper's error analysis (Zeng et al. 2023, §3.3).
 *
 * Two levels (docs/filters.md): the syntax, always; and, with `strict`, the checks of what a
 * well-formed turn says against its prompt and page (a kg tool the prompt does not define, a kg
 * turn that takes no action or answers without a variable, a mind2web letter the page does not
 * offer). `measure()` counts both, so switching `strict` is re-judged live.
 *
 * Records of other tasks, and general (chat) records, are not checked: kept, score 0.
 */
import { actionTurns } from './action-turns';
import { grammarFor } from './grammars/index';
import { decide, keep } from './outcome';
import { agentTaskOf } from './task-prompts';
import type { FilterDefinition, Reason } from './types';
import { formatSettings, type FormatSettings } from './settings';
import { FILTER_SCORES, type ScoreOf, type ScoresOf } from './scores';


// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { formatSettings, type FormatSettings } from './settings';

/** The format filter. */
export const formatFilter: FilterDefinition<FormatSettings, ScoreOf<'format'>> = {
  name: 'format',
  settings: formatSettings,
  scores: FILTER_SCORES.format,
  measureKeys: ['tasks'],
  measure(conversation, context, settings) {
    const task = agentTaskOf(conversation, context);
    const grammar = task !== null && settings.tasks.includes(task) ? grammarFor(task) : null;
    if (grammar === null) return { scores: { malformedTurns: 0, semanticTurns: 0, actionTurns: 0 } };
    const turns = actionTurns(conversation, context, grammar);
    let malformed = 0;
    let semantic = 0;
    const evidence: Record<string, Reason> = {};
    for (const turn of turns) {
      const parsed = turn.parsed;
      if (!parsed.ok) {
        malformed++;
        evidence.malformedTurns ??= {
          stage: 'filter',
          rule: 'format.malformed-turn',
          message: `assistant turn ${turn.index} does not follow the ${grammar.task} action syntax: ${parsed.problem}`,
          turn: turn.index,
          start: parsed.start ?? 0,
          end: parsed.end ?? turn.text.length,
        };
      } else if (parsed.semantic !== undefined) {
        semantic++;
        const problem = parsed.semantic;
        evidence.semanticTurns ??= {
          stage: 'filter',
          rule: `format.${problem.rule}`,
          message: `assistant turn ${turn.index} fails a strict ${grammar.task} check (${problem.rule}): ${problem.problem}`,
          turn: turn.index,
          start: problem.start ?? 0,
          end: problem.end ?? turn.text.length,
        };
      }
    }
    const scores: ScoresOf<'format'> = { malformedTurns: malformed, semanticTurns: semantic, actionTurns: turns.length };
    return Object.keys(evidence).length === 0 ? { scores } : { scores, evidence };
  },
  judge(measurement, settings) {
    if (!settings.enabled) return keep();
    const malformed = measurement.scores.malformedTurns ?? 0;
    const semantic = settings.strict ? (measurement.scores.semanticTurns ?? 0) : 0;
    const found = [measurement.evidence?.malformedTurns, settings.strict ? measurement.evidence?.semanticTurns : undefined];
    // The first bad turn of the record, whichever check it fails.
    const first = found
      .filter((reason): reason is Reason => reason !== undefined)
      .sort((left, right) => (left.turn ?? 0) - (right.turn ?? 0))[0];
    const count = malformed + semantic;
    if (count <= settings.maxMalformedTurns || first === undefined) return keep();
    const kind = settings.strict ? 'turns with format problems' : 'malformed turns';
    const others = count > 1 ? ` (${count} ${kind} in all)` : '';
    return decide([{ ...first, message: first.message + others }], settings.action);
  },
};
