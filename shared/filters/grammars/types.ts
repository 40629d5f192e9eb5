/**
 * An action grammar: how one AgentInstruct task's prompt tells the agent to write a turn.
 * Each grammar is derived from the task's own first prompt and checked against every real
 * trajectory in `../shared/data` (see docs/filters.md for the derivation).
 */
import type { AgentTask } from '../../schema/conversation';

/** A well-formed turn: the action it takes, normalized (for loop detection). */
export interface ParsedAction {
  ok: true;
  /** The action, e.g. `bash ls /etc`, `click[Buy Now]`, `get_relations(#0)`. */
  action: string;
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
