/**
 * What `inspect` counts about each record besides its summary (docs/formats.md, "What inspect
 * reports"): whether it can train at all, what the reader repaired, and the agent structure that
 * makes a source an agent source. One bit each, so a batch carries them in one byte per record.
 */
import type { Conversation } from './conversation';

/** The record has no turns. */
export const NO_TURNS = 1;
/** The record has turns but no assistant turn: nothing to train on. */
export const NO_ASSISTANT = 2;
/** The record is only a system turn (a banner, a shared-from note). */
export const ONLY_SYSTEM = 4;
/** The first turn after the system prompt is the assistant's: a trainer expects the user first. */
export const ASSISTANT_FIRST = 8;
/** The reader dropped leading assistant turns, as FastChat's trainer does (a repair, not a loss). */
export const LEADING_ASSISTANT_DROPPED = 16;
/** Some assistant turn makes tool calls. */
export const TOOL_CALLS = 32;
/** The record carries the run's outcome. */
export const OUTCOME = 64;
/** Some assistant turn acts in a ReAct or CodeAct syntax (`Action:`, `Act:`, `<execute>`). */
export const ACTIONS = 128;

/** The flags that mean a record cannot train as it is. */
export const CANNOT_TRAIN = NO_TURNS | NO_ASSISTANT | ONLY_SYSTEM | ASSISTANT_FIRST;

const ACTION_LINE = /^[ \t]*(?:Action|Act|ACTION)(?:[ \t]*\d+)?[ \t]*:|<execute>/m;

/** The flags of a conversation. */
export function recordFlags(conversation: Conversation): number {
  const turns = conversation.turns;
  let flags = 0;
  if (conversation.repairs?.some((repair) => repair.kind === 'leading-assistant-dropped')) flags |= LEADING_ASSISTANT_DROPPED;
  if (conversation.outcome !== undefined) flags |= OUTCOME;
  if (turns.length === 0) return flags | NO_TURNS;
  let assistant = false;
  let firstOther = -1;
  for (let index = 0; index < turns.length; index++) {
    const turn = turns[index];
    if (turn.role !== 'system' && firstOther < 0) firstOther = index;
    if (turn.role !== 'assistant') continue;
    assistant = true;
    if ((turn.toolCalls?.length ?? 0) > 0) flags |= TOOL_CALLS;
    if ((flags & ACTIONS) === 0 && ACTION_LINE.test(turn.text)) flags |= ACTIONS;
  }
  if (firstOther < 0) return flags | ONLY_SYSTEM;
  if (!assistant) flags |= NO_ASSISTANT;
  else if (turns[firstOther].role === 'assistant') flags |= ASSISTANT_FIRST;
  return flags;
}
