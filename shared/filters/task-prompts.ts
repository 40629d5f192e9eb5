/**
 * Recognizing an AgentInstruct task from its fixed first prompt, for records whose id and fields
 * name no task (the engine passes `context.task` when it knows it; this is the fallback).
 * Each signature is a few words that every prompt of the task holds (checked on the real AgentInstruct
 * records by tests/unit/shared/filters/task-prompts.test.ts).
 */
import { AGENT_TASKS, type AgentTask, type Conversation } from '../schema/conversation';
import type { FilterContext } from './types';

/** A sentence that occurs in the first user turn of every record of the task. */
const SIGNATURES: readonly (readonly [AgentTask, string])[] = [
  ['os', 'play the role of linux(ubuntu) operating system'],
  ['db', 'help me operate a MySQL database with SQL'],
  ['alfworld', 'Interact with a household to solve a task.'],
  ['webshop', 'You are web shopping.'],
  ['kg', 'answers questions based on the knowledge stored in a knowledge base'],
  ['mind2web', 'Based on the HTML webpage above, try to complete'],
];

/** The task whose prompt opens the conversation (its first user turn), or null. */
export function detectAgentTask(conversation: Conversation): AgentTask | null {
  const first = conversation.turns.find((turn) => turn.role === 'user');
  if (first === undefined) return null;
  for (const [task, signature] of SIGNATURES) if (first.text.includes(signature)) return task;
  return null;
}

/**
 * The AgentInstruct task of an agent record: `context.task` when it is one of the six, else the
 * task recognized from the prompt. General (chat) records have none.
 */
export function agentTaskOf(conversation: Conversation, context: FilterContext): AgentTask | null {
  if (context.role !== 'agent') return null;
  if (context.task !== null && (AGENT_TASKS as readonly string[]).includes(context.task)) return context.task as AgentTask;
  return detectAgentTask(conversation);
}
