/**
 * The structure filter: a conversation a trainer can use. The first non-system turn is the
 * user's; roles alternate (user → assistant → user, with tool results after an assistant turn
 * where the format has them: user → assistant → tool → assistant is fine); system turns only come
 * first; no turn is empty; the conversation ends with an assistant turn; at least one assistant
 * turn trains (`loss` true or unset).
 *
 * A trajectory that ends with the environment's last observation after the agent's last action
 * (FireAct: "Observation: Episode finished, reward = True") is a common agent shape: such a
 * trailing user or tool turn is accepted for agent records by default (`allowTrailingObservation`;
 * it trains nothing). General records must end with the assistant.
 */
import { trains, type Conversation, type Role } from '../schema/conversation';
import { decide, excerpt, keep } from './outcome';
import type { FilterDefinition, Reason } from './types';
import { structureSettings, type StructureSettings } from './settings';
import { turnText } from '../schema/turn-text';
import { FILTER_SCORES, type ScoreOf } from './scores';


/** Which role may follow which (system turns are handled before). */
const NEXT: Record<Exclude<Role, 'system'>, readonly Role[]> = {
  user: ['assistant'],
  assistant: ['user', 'tool'],
  tool: ['assistant', 'tool'],
};

/** The first violation of each rule, keyed by rule (trailing-observation is not a violation by itself). */
function findViolations(conversation: Conversation): Record<string, Reason> {
  const found: Record<string, Reason> = {};
  const add = (rule: string, message: string, turn?: number): void => {
    found[rule] ??= { stage: 'filter', rule: `structure.${rule}`, message, ...(turn === undefined ? {} : { turn }) };
  };
  const turns = conversation.turns;
  if (turns.length === 0) {
    add('no-turns', 'the conversation has no turns');
    return found;
  }
  let first = 0;
  while (first < turns.length && turns[first].role === 'system') first++;
  if (first < turns.length && turns[first].role !== 'user') {
    add('first-turn', `turn ${first} is the first non-system turn and comes from the ${turns[first].role}, expected the user`, first);
  }
  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index];
    if (turnText(turn).trim().length === 0) add('empty-turn', `${turn.role} turn ${index} is empty`, index);
    if (index < first) continue;
    if (turn.role === 'system') {
      add('system-position', `system turn ${index} comes after the conversation started (turn ${first})`, index);
      continue;
    }
    const previous = turns[index - 1];
    if (index > first && previous.role !== 'system' && !NEXT[previous.role as Exclude<Role, 'system'>].includes(turn.role)) {
      add('alternation', `${turn.role} turn ${index} follows a ${previous.role} turn; expected ${NEXT[previous.role as Exclude<Role, 'system'>].join(' or ')}`, index);
    }
  }
  const lastAssistant = turns.findLastIndex((turn) => turn.role === 'assistant');
  const last = turns.length - 1;
  if (lastAssistant < 0) add('ends-with-assistant', `the conversation has no assistant turn (${turns.length} ${turns.length === 1 ? 'turn' : 'turns'}, the last from the ${turns[last].role})`, last);
  else if (lastAssistant < last) {
    found['trailing-observation'] = {
      stage: 'filter',
      rule: 'structure.ends-with-assistant',
      message: `the conversation ends with ${last - lastAssistant} ${turns[last].role} ${last - lastAssistant === 1 ? 'turn' : 'turns'} after the last assistant turn (${lastAssistant}): ${excerpt(turnText(turns[last]))}`,
      turn: last,
    };
  }
  if (!turns.some(trains)) add('no-trainable-turn', 'no assistant turn trains (every assistant turn has loss false, or there is none)');
  return found;
}

// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { structureSettings, type StructureSettings } from './settings';

/** The structure filter. */
export const structureFilter: FilterDefinition<StructureSettings, ScoreOf<'structure'>> = {
  name: 'structure',
  settings: structureSettings,
  scores: FILTER_SCORES.structure,
  measureKeys: [],
  measure(conversation) {
    const evidence = findViolations(conversation);
    const trailing = Object.hasOwn(evidence, 'trailing-observation') ? 1 : 0;
    const violations = Object.keys(evidence).length - trailing;
    return { scores: { structureViolations: violations, trailingObservation: trailing }, evidence };
  },
  judge(measurement, settings, context) {
    if (!settings.enabled) return keep();
    const reasons: Reason[] = [];
    for (const [rule, reason] of Object.entries(measurement.evidence ?? {})) {
      if (rule !== 'trailing-observation') {
        reasons.push(reason);
      } else if (context.role !== 'agent') {
        reasons.push({ ...reason, message: `${reason.message}; general records must end with an assistant turn` });
      } else if (!settings.allowTrailingObservation) {
        reasons.push({ ...reason, message: `${reason.message}; allowTrailingObservation is off` });
      }
    }
    return decide(reasons, settings.action);
  },
};
