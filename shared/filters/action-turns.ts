/**
 * The assistant turns that are the agent's own actions: the ones the format filter checks and
 * the repetition filter compares.
 */
import { trains, type Conversation } from '../schema/conversation';
import type { ActionGrammar, ParsedTurn } from './grammars/types';
import type { FilterContext } from './types';
import { turnText } from '../schema/turn-text';

/** An acknowledgement ("Ok.", "I've understood your instruction, start please.") is a short line. */
const ACKNOWLEDGEMENT_LIMIT = 200;

/** One assistant turn that acts, parsed with its task's grammar. */
export interface ActionTurn {
  /** 0-based index of the turn in the conversation. */
  index: number;
  text: string;
  parsed: ParsedTurn;
}

/**
 * The trainable assistant turns of an agent trajectory, parsed, without:
 * - turns that do not train (`loss: false`: the "Ok." acknowledgement and one-shot examples in
 *   native AgentInstruct records);
 * - turns the pipeline found to be shared templates (`context.templateTurns`);
 * - the acknowledgement of the task prompt when the record carries no loss flags (the ADP and
 *   messages copies dropped them): the first assistant turn, when the task has one, is short and
 *   takes no action (it does not parse, or parses as a turn without one: kg).
 */
export function actionTurns(conversation: Conversation, context: FilterContext, grammar: ActionGrammar): ActionTurn[] {
  const turns: ActionTurn[] = [];
  let firstAssistant = true;
  for (let index = 0; index < conversation.turns.length; index++) {
    const turn = conversation.turns[index];
    if (turn.role !== 'assistant') continue;
    const isFirst = firstAssistant;
    firstAssistant = false;
    if (!trains(turn) || context.templateTurns?.has(index)) continue;
    const observation = index > 0 ? turnText(conversation.turns[index - 1]) : '';
    const text = turnText(turn);
    const parsed = grammar.parse(text, observation);
    const acts = parsed.ok && parsed.semantic?.rule !== 'no-action';
    if (!acts && isFirst && grammar.acknowledgement && text.trim().length <= ACKNOWLEDGEMENT_LIMIT) continue;
    turns.push({ index, text, parsed });
  }
  return turns;
}
