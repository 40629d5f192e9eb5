/**
 * The length filter: tokens, turns and characters per turn.
 *
 * Tokens are Llama-2 tokens (`shared/text/llama-tokens.ts`) because AgentLM is Llama-2-chat tuned
 * at a sequence length of 4,096 (AgentTuning, Zeng et al. 2023, §3.1; "sequence length 4,096" in
 * docs/domain.md), so `maxTokens` defaults to 4096: a longer record is truncated by the trainer, and
 * its last, usually decisive, turns are lost. With the `llama-2-chat` template (default), the count
 * adds the markup of FastChat's `llama-2` template around the turns
 * (`[INST] <<SYS>>\n{system}\n<</SYS>>\n\n{user} [/INST] {assistant} </s><s>[INST] ...`), and
 * AgentTuning's fixed system prompt when the record has no system turn. The markup is counted
 * piecewise (each tag on its own), which can differ from tokenizing the joined prompt by a token or
 * so per turn. Other limits have no default (null): the paper sets none.
 */
import { trains } from '../schema/conversation';
import { countTokens } from '../text/llama-tokens';
import { decide, keep } from './outcome';
import { placeOf, placeParts, type FilterDefinition, type Reason } from './types';
import { lengthSettings, type LengthSettings } from './settings';
import { turnText } from '../schema/turn-text';
import { FILTER_SCORES, type ScoreOf, type ScoresOf } from './scores';


/** Token counts of the template's tags, computed once. */
let markup: { system: number; user: number; assistant: number; start: number } | null = null;

/** Tokens the llama-2 template adds around each role's turn. */
function markupTokens(): { system: number; user: number; assistant: number; start: number } {
  markup ??= {
    // `<<SYS>>` and `<</SYS>>` around the system prompt.
    system: countTokens('<<SYS>>') + countTokens('<</SYS>>'),
    // `[INST]` before and `[/INST]` after each user (or tool) turn.
    user: countTokens('[INST]') + countTokens('[/INST]'),
    // `</s><s>` after each assistant turn: two special tokens.
    assistant: 2,
    // The BOS token that starts the sequence.
    start: 1,
  };
  return markup;
}

/** Token counts of template turns (same text in many records), so each is counted once. */
const templateTokens = new Map<string, number>();
const TEMPLATE_CACHE_LIMIT = 10_000;

/** Tokens of a turn's text, from the template cache when the pipeline marked it a template. */
function turnTokens(text: string, template: boolean): number {
  if (!template) return countTokens(text);
  let tokens = templateTokens.get(text);
  if (tokens === undefined) {
    tokens = countTokens(text);
    if (templateTokens.size >= TEMPLATE_CACHE_LIMIT) templateTokens.clear();
    templateTokens.set(text, tokens);
  }
  return tokens;
}

// The settings live in settings.ts (importable without the measuring code); re-exported for callers of this module.
export { AGENTLM_SYSTEM_PROMPT, lengthSettings, type LengthSettings } from './settings';

/** The length filter. */
export const lengthFilter: FilterDefinition<LengthSettings, ScoreOf<'length'>> = {
  name: 'length',
  settings: lengthSettings,
  scores: FILTER_SCORES.length,
  measureKeys: ['template', 'systemPrompt'],
  measure(conversation, context, settings) {
    const chat = settings.template === 'llama-2-chat';
    const tags = markupTokens();
    let tokens = chat ? tags.start : 0;
    let trainableTokens = 0;
    let characters = 0;
    let longest = -1;
    let longestChars = 0;
    let hasSystem = false;
    conversation.turns.forEach((turn, index) => {
      const text = turnText(turn);
      const count = turnTokens(text, context.templateTurns?.has(index) ?? false);
      tokens += count;
      if (trains(turn)) trainableTokens += count;
      characters += text.length;
      if (longest < 0 || text.length > longestChars) {
        longest = index;
        longestChars = text.length;
      }
      if (!chat) return;
      if (turn.role === 'system') {
        hasSystem = true;
        tokens += tags.system;
      } else {
        tokens += turn.role === 'assistant' ? tags.assistant : tags.user;
      }
    });
    if (chat && !hasSystem) tokens += tags.system + turnTokens(settings.systemPrompt, true);
    const maxTurnChars = longest < 0 ? 0 : longestChars;
    const scores: ScoresOf<'length'> = { tokens, trainableTokens, turns: conversation.turns.length, characters, maxTurnChars };
    if (longest < 0) return { scores };
    return { scores, places: { maxTurnChars: placeOf(longest, conversation.turns[longest].role) } };
  },
  judge(measurement, settings) {
    if (!settings.enabled) return keep();
    const { tokens = 0, turns = 0, maxTurnChars = 0 } = measurement.scores;
    const reasons: Reason[] = [];
    const add = (rule: string, message: string): void => {
      reasons.push({ stage: 'filter', rule: `length.${rule}`, message });
    };
    const template = settings.template === 'llama-2-chat' ? ' (Llama-2-chat layout)' : '';
    if (settings.maxTokens !== null && tokens > settings.maxTokens) add('max-tokens', `${tokens} Llama-2 tokens${template}, more than the limit of ${settings.maxTokens}`);
    if (settings.minTokens !== null && tokens < settings.minTokens) add('min-tokens', `${tokens} Llama-2 tokens${template}, fewer than the minimum of ${settings.minTokens}`);
    if (settings.maxTurns !== null && turns > settings.maxTurns) add('max-turns', `${turns} turns, more than the limit of ${settings.maxTurns}`);
    if (settings.minTurns !== null && turns < settings.minTurns) add('min-turns', `${turns} turns, fewer than the minimum of ${settings.minTurns}`);
    const place = measurement.places?.maxTurnChars;
    if (settings.maxTurnChars !== null && maxTurnChars > settings.maxTurnChars && place !== undefined) {
      const { turn, role } = placeParts(place);
      reasons.push({
        stage: 'filter',
        rule: 'length.max-turn-chars',
        message: `${role} turn ${turn} has ${maxTurnChars.toLocaleString('en-US')} characters, more than the limit of ${settings.maxTurnChars.toLocaleString('en-US')}`,
        turn,
      });
    }
    return decide(reasons, settings.action);
  },
};
