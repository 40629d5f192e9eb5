/**
 * An action grammar: how one AgentInstruct task's prompt tells the agent to write a turn.
 * Each grammar is derived from the task's own first prompt and checked against every real
 * trajectory in `../shared/data` (see docs/filters.md for the derivation).
 */
import type { AgentTask } from '../../schema/conversation';

/**
 * The checks only the format filter's `strict` setting applies: the turn has the shape its prompt
 * prescribes, but what it says does not hold up against the prompt or the page.
 * - `no-action`: a kg turn with neither `Action:` nor `Final Answer:` (the environment answers "No
 *   executable function found! Need to recheck the action." and the episode goes on);
 * - `unknown-tool`: a kg call to a function the prompt does not define;
 * - `answer-not-variable`: a kg `Final Answer:` that names no variable (`#3`);
 * - `choice-not-offered`: a mind2web answer letter the page's list of choices does not have.
 */
export const SEMANTIC_RULES = ['no-action', 'unknown-tool', 'answer-not-variable', 'choice-not-offered'] as const;

/** One of {@link SEMANTIC_RULES}. */
export type SemanticRule = (typeof SEMANTIC_RULES)[number];

/** What a strict check found in a turn whose syntax is right (offsets into the turn). */
export interface SemanticProblem {
  rule: SemanticRule;
  /** "expected ..., found ..." in words a person can act on. */
  problem: string;
  start?: number;
  end?: number;
}

/** A well-formed turn: the action it takes, normalized (for loop detection). */
export interface ParsedAction {
  ok: true;
  /**
   * The action, e.g. `bash ls /etc`, `click[Buy Now]`, `get_relations(#0)`; for a kg turn that
   * takes none, its whitespace-collapsed text (so that a repeated apology is still a loop).
   */
  action: string;
  /** The first strict check the turn fails, if any (only the `strict` setting acts on it). */
  semantic?: SemanticProblem;
}

/** A malformed turn: what was expected and what was found, and where (offsets into the turn). */
export interface MalformedAction {
  ok: false;
  /** "expected ..., found ..." in words a person can act on. */
  problem: string;
  start?: number;
  end?: number;
}

/** The result of parsing one assistant turn. */
export type ParsedTurn = ParsedAction | MalformedAction;

/** One task's action syntax. */
export interface ActionGrammar {
  task: AgentTask;
  /**
   * Whether the task prompt is answered by an acknowledgement ("Ok.", "I've understood your
   * instruction, start please.") before the first real turn. That turn is not an action.
   */
  acknowledgement: boolean;
  /** Parses one assistant turn; `observation` is the turn before it (Mind2Web lists the choices there). */
  parse(text: string, observation: string): ParsedTurn;
}
