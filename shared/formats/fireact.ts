import { z } from 'zod';
import type { Conversation, Role, Turn } from '../schema/conversation';
import { ROLES } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord } from './common-schemas';
import { isRecord } from './json-value';
import { writeNested } from './run-logs';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import type { MessageCodec } from './write-record';

/**
 * FireAct's evaluation trajectories (docs/formats.md, "fireact"): a file is one JSON object keyed
 * by question id (a keyed container: the key is the id), each value `{reward, em, f1, gt, pred,
 * prompt, traj: [{role, content}]}`. `reward` (a boolean) is the run's outcome.
 */
const TURN_SCHEMA = z.looseObject({ role: z.enum(ROLES as [Role, ...Role[]]), content: z.string() });

export const FIREACT_SCHEMA = z.looseObject({ traj: z.array(TURN_SCHEMA) });

const ROLE_NAMES = new Set<unknown>(ROLES);

/** Twin of {@link FIREACT_SCHEMA}. */
export function isFireActRecord(value: unknown): boolean {
  return isRecord(value) && everyRecord(value.traj, (turn) => ROLE_NAMES.has(turn.role) && typeof turn.content === 'string');
}

interface TrajTurn {
  role: Role;
  content: string;
}

const CODEC: MessageCodec<TrajTurn> = {
  schema: TURN_SCHEMA as unknown as z.ZodType<TrajTurn>,
  turnOf: (turn) => ({ role: turn.role, text: turn.content, loss: null, from: turn.role }),
  build: (turn: Turn) => ({ role: turn.role, content: turnText(turn) }),
};

/** `traj` of role/content turns. */
function detect(value: unknown): number {
  if (!isRecord(value) || !Array.isArray(value.traj)) return 0;
  return (value.traj as unknown[]).every((turn) => isRecord(turn) && 'role' in turn && 'content' in turn) ? 1 : 0.3;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(FIREACT_SCHEMA, isFireActRecord, value, context, (record) => (record.traj as TrajTurn[]).map(CODEC.turnOf), () => ({ turnKeys: ['traj'] }));
}

function write(conversation: Conversation): unknown {
  return writeNested(conversation, CODEC, ['traj']);
}

/** FireAct trajectories (`fireact`). */
export const FIREACT_FORMAT: Format = { name: 'fireact', detect, read, write };
