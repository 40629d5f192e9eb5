import { z } from 'zod';
import { ROLES, type Conversation, type Role, type Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord, ID_SCHEMA, isLossFlag, isOptionalId, LOSS_FLAG_SCHEMA } from './common-schemas';
import { isRecord, turnsShape } from './json-value';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { writeRecord, type MessageCodec } from './write-record';

/** One turn with the normalized role names themselves; `loss` as AgentInstruct has it, when present. */
export const ROLE_CONTENT_TURN_SCHEMA = z.looseObject({
  role: z.enum(ROLES as [Role, ...Role[]]),
  content: z.string(),
  loss: LOSS_FLAG_SCHEMA,
});

/**
 * `{id?, conversations: [{role, content}]}`: AgentInstruct as the agent-data-protocol extraction
 * writes it (`agentinstruct-adp-samples`; it maps human→user, gpt→assistant and drops `loss`).
 */
export const ROLE_CONTENT_SCHEMA = z.looseObject({
  id: ID_SCHEMA,
  conversations: z.array(ROLE_CONTENT_TURN_SCHEMA),
});

const ROLE_NAMES = new Set<unknown>(ROLES);

/** Twin of {@link ROLE_CONTENT_SCHEMA}. */
export function isRoleContentRecord(value: unknown): boolean {
  return (
    isRecord(value) &&
    isOptionalId(value.id) &&
    everyRecord(value.conversations, (turn) => ROLE_NAMES.has(turn.role) && typeof turn.content === 'string' && isLossFlag(turn.loss))
  );
}

interface RoleContentMessage {
  role: Role;
  content: string;
  loss?: boolean | null;
}

function turnOf(message: RoleContentMessage): Turn {
  return { role: message.role, text: message.content, loss: message.loss ?? null, from: message.role };
}

/** A new turn (reasoning and calls written into the content: the format has no field for them); `loss` only when the turn has a flag. */
function buildRoleContentTurn(turn: Turn): unknown {
  const message: Record<string, unknown> = { role: turn.role, content: turnText(turn) };
  if (turn.loss !== null) message.loss = turn.loss;
  return message;
}

const CODEC: MessageCodec<RoleContentMessage> = {
  schema: ROLE_CONTENT_TURN_SCHEMA as unknown as z.ZodType<RoleContentMessage>,
  turnOf,
  build: buildRoleContentTurn,
};

function detect(value: unknown): number {
  const shape = turnsShape(value, 'conversations', ['role', 'content']);
  return shape === 'match' ? 1 : shape === 'empty' ? 0.4 : 0;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(ROLE_CONTENT_SCHEMA, isRoleContentRecord, value, context, (record) => (record.conversations as RoleContentMessage[]).map(turnOf));
}

function write(conversation: Conversation): unknown {
  return writeRecord(conversation, CODEC, { container: 'conversations' });
}

/** Conversations with `role`/`content` turns (`role-content`). */
export const ROLE_CONTENT_FORMAT: Format = { name: 'role-content', detect, read, write };
