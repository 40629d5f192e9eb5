/**
 * The action grammar of each AgentInstruct task.
 */
import type { AgentTask } from '../../schema/conversation';
import { alfworldGrammar } from './alfworld';
import { dbGrammar } from './db';
import { kgGrammar } from './kg';
import { mind2webGrammar } from './mind2web';
import { osGrammar } from './operating-system';
import type { ActionGrammar } from './types';
import { webshopGrammar } from './webshop';

/** Every task's grammar. */
export const GRAMMARS: Readonly<Record<AgentTask, ActionGrammar>> = {
  os: osGrammar,
  db: dbGrammar,
  alfworld: alfworldGrammar,
  webshop: webshopGrammar,
  kg: kgGrammar,
  mind2web: mind2webGrammar,
};

/** The grammar of a task, or null when the task has none (not an AgentInstruct task). */
export function grammarFor(task: string | null): ActionGrammar | null {
  if (task === null || !Object.hasOwn(GRAMMARS, task)) return null;
  return GRAMMARS[task as AgentTask];
}
