/**
 * The repetition filter: the "duplicated generation" failure class of the AgentTuning paper's
 * error analysis, in two forms.
 * - Loops: the agent takes the same action k times in a row (default k = 3). Actions are read
 *   with the task's grammar (the bash code, the SQL, `click[...]`), so a changed thought around
 *   the same command is still a loop; without a grammar (general records, other tasks), the
 *   whole assistant turn, whitespace-collapsed, is the action.
 * - Repeated text inside one assistant turn, with the Gopher rules (Rae et al. 2021, Table A1)
 *   and their thresholds as defaults. Gopher applied them to web prose (MassiveWeb), not to code,
 *   and removed documents under 50 words; so the rules read the turn's prose only (fenced code
 *   blocks removed and, in agent records, the action lines: a ReAct action restates its thought,
 *   `Thought: search for X` then `Action: search[X]`), and only when that prose has at least
 *   `minWords` words (default 50). Measured on the real data in docs/filters.md.
 * Scores are the longest loop and, for each Gopher statistic, its highest value over the turns.
 */
import { trains, type Conversation } from '../schema/conversation';
import { actionTurns } from './action-turns';
import { equalCollapsed } from '../text/js-space';
import { REPETITION_STATISTICS, repetitionStatistics, type RepetitionStatistics } from './gopher-repetition';
import { grammarFor } from './grammars/index';
import { decide, excerpt, keep } from './outcome';
import { agentTaskOf } from './task-prompts';
import { placeOf, placeParts, type FilterContext, type FilterDefinition, type Measurement, type Reason } from './types';
import { repetitionSettings, type RepetitionSettings } from './settings';
import { turnText } from '../schema/turn-text';
import { FILTER_SCORES, type ScoreOf, type ScoresOf } from './scores';


/** What each statistic counts, for messages. */
const LABELS: Record<keyof RepetitionStatistics, string> = {
  duplicateLineShare: 'lines that repeat an earlier line',
  duplicateLineCharShare: 'characters in repeated lines',
  duplicateParagraphShare: 'paragraphs that repeat an earlier paragraph',
  duplicateParagraphCharShare: 'characters in repeated paragraphs',
  top2GramShare: 'characters covered by the most frequent 2-gram',
  top3GramShare: 'characters covered by the most frequent 3-gram',
  top4GramShare: 'characters covered by the most frequent 4-gram',
  duplicate5GramShare: 'characters in repeated 5-grams',
  duplicate6GramShare: 'characters in repeated 6-grams',
  duplicate7GramShare: 'characters in repeated 7-grams',
  duplicate8GramShare: 'characters in repeated 8-grams',
  duplicate9GramShare: 'characters in repeated 9-grams',
  duplicate10GramShare: 'characters in repeated 10-grams',
};

/** Fenced code blocks (closed ones). */
const CODE_BLOCK = /```[\s\S]*?```/g;
/** Lines that hold an agent's action rather than its prose, in the AgentInstruct and ReAct formats. */
const ACTION_LINE = /^[ \t]*(?:Act|Action|ACTION|Final Answer|Answer|Value):.*$/gm;
/** Words one of which every action line holds: without any, the line pattern cannot match (a cheap test first). */
const ACTION_WORDS = ['Act', 'ACTION', 'Answer', 'Value'];

/** The prose of an assistant turn: code blocks removed, and action lines too in agent records. */
export function proseOf(text: string, role: FilterContext['role']): string {
  const withoutCode = text.includes('```') ? text.replace(CODE_BLOCK, '') : text;
  if (role !== 'agent' || !ACTION_WORDS.some((word) => withoutCode.includes(word))) return withoutCode;
  return withoutCode.replace(ACTION_LINE, '');
}

/**
 * One action of the conversation: the turn it is in, and the action the task's grammar parsed, or
 * the turn's text (null `action`), compared with whitespace collapsed.
 */
interface Action {
  index: number;
  action: string | null;
  text: string;
}

/** Whether two actions are the same (parsed actions as they are, whole turns with whitespace collapsed). */
function sameAction(first: Action, second: Action): boolean {
  return equalCollapsed(first.action ?? first.text, first.action === null, second.action ?? second.text, second.action === null);
}

/** An action as the message shows it. */
function shownAction(action: Action): string {
  return action.action ?? action.text.trim().replace(/\s+/g, ' ');
}

/** The agent's actions in order: parsed with the task's grammar when there is one, else whole turns. */
function actionsOf(conversation: Conversation, context: FilterContext): Action[] {
  const grammar = grammarFor(agentTaskOf(conversation, context));
  if (grammar !== null) {
    return actionTurns(conversation, context, grammar).map((turn) => ({ index: turn.index, action: turn.parsed.ok ? turn.parsed.action : null, text: turn.text }));
  }
  const actions: Action[] = [];
  conversation.turns.forEach((turn, index) => {
    if (trains(turn) && !context.templateTurns?.has(index)) actions.push({ index, action: null, text: turnText(turn) });
  });
  return actions;
}

/** The longest run of one action, as evidence. */
function longestLoop(actions: readonly Action[]): { length: number; reason?: Reason } {
  let best = 0;
  let bestEnd = -1;
  let run = 0;
  for (let at = 0; at < actions.length; at++) {
    run = at > 0 && sameAction(actions[at], actions[at - 1]) ? run + 1 : 1;
    if (run > best) {
      best = run;
      bestEnd = at;
    }
  }
  if (best < 2) return { length: best };
  const turns = actions.slice(bestEnd - best + 1, bestEnd + 1).map((action) => action.index);
  const listed = turns.length > 6 ? `${turns.slice(0, 5).join(', ')}, ... ${turns.at(-1)}` : turns.join(', ');
  return {
    length: best,
    reason: {
      stage: 'filter',
      rule: 'repetition.loop',
      message: `assistant turns ${listed} take the same action ${best} times in a row: ${excerpt(shownAction(actions[bestEnd]))}`,
      turn: turns[0],
    },
  };
}

// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { repetitionSettings, type RepetitionSettings } from './settings';

/** The repetition filter. */
export const repetitionFilter: FilterDefinition<RepetitionSettings, ScoreOf<'repetition'>> = {
  name: 'repetition',
  settings: repetitionSettings,
  scores: FILTER_SCORES.repetition,
  measureKeys: ['minWords'],
  measure(conversation, context, settings) {
    const loop = longestLoop(actionsOf(conversation, context));
    const scores: ScoresOf<'repetition'> = { loopLength: loop.length };
    const places: Partial<Record<ScoreOf<'repetition'>, number>> = {};
    for (const key of REPETITION_STATISTICS) scores[key] = 0;
    conversation.turns.forEach((turn, index) => {
      if (!trains(turn) || context.templateTurns?.has(index)) return;
      const statistics = repetitionStatistics(proseOf(turnText(turn), context.role), settings.minWords);
      if (statistics === null) return;
      for (const key of REPETITION_STATISTICS) {
        if (statistics[key] <= (scores[key] ?? 0)) continue;
        scores[key] = statistics[key];
        places[key] = placeOf(index, turn.role);
      }
    });
    return loop.reason === undefined ? { scores, places } : { scores, places, evidence: { loopLength: loop.reason } };
  },
  judge(measurement: Measurement<ScoreOf<'repetition'>>, settings) {
    if (!settings.enabled) return keep();
    const reasons: Reason[] = [];
    const loop = measurement.evidence?.loopLength;
    if (settings.loopRepeats > 0 && (measurement.scores.loopLength ?? 0) >= settings.loopRepeats && loop) {
      reasons.push({ ...loop, message: `${loop.message} (limit: ${settings.loopRepeats} in a row)` });
    }
    for (const key of REPETITION_STATISTICS) {
      const value = measurement.scores[key] ?? 0;
      const place = measurement.places?.[key];
      if (value > settings[key] && place !== undefined) {
        const { turn, role } = placeParts(place);
        reasons.push({
          stage: 'filter',
          rule: `repetition.${key}`,
          message: `${role} turn ${turn}: ${LABELS[key]} make up ${(value * 100).toFixed(1)}% of the turn, above Gopher's ${(settings[key] * 100).toFixed(0)}%`,
          turn,
        });
      }
    }
    return decide(reasons, settings.action);
  },
};
