import { z } from 'zod';
import type { Conversation, Turn } from '../schema/conversation';
import { turnText } from '../schema/turn-text';
import { everyRecord } from './common-schemas';
import { isRecord } from './json-value';
import type { Format, ReadContext, ReadResult } from './types';
import { readValidated } from './validation';
import { rawRecord } from './write-record';

/**
 * Salesforce DialogStudio's unified form (docs/formats.md, "dialogstudio"): a file is one JSON
 * object keyed by dialog id (a keyed container: the key is the id), each dialog `{"original dialog
 * id", "dialog index", "original dialog info", log: [{"turn id", "user utterance", "system
 * response", "dialog history", ...}]}`. Each log entry is a user turn and the system's answer.
 */
const USER = 'user utterance';
const SYSTEM = 'system response';

const ENTRY_SCHEMA = z.looseObject({ [USER]: z.string(), [SYSTEM]: z.string() });

export const DIALOGSTUDIO_SCHEMA = z.looseObject({ log: z.array(ENTRY_SCHEMA) });

/** Twin of {@link DIALOGSTUDIO_SCHEMA}. */
export function isDialogStudioRecord(value: unknown): boolean {
  return isRecord(value) && everyRecord(value.log, (entry) => typeof entry[USER] === 'string' && typeof entry[SYSTEM] === 'string');
}

function turnsOf(record: Record<string, unknown>): Turn[] {
  return (record.log as Record<string, string>[]).flatMap((entry): Turn[] => [
    { role: 'user', text: entry[USER], loss: null, from: USER },
    { role: 'assistant', text: entry[SYSTEM], loss: null, from: SYSTEM },
  ]);
}

/** `log` entries with a user utterance and a system response. */
function detect(value: unknown): number {
  if (!isRecord(value) || !Array.isArray(value.log) || value.log.length === 0) return 0;
  return (value.log as unknown[]).every((entry) => isRecord(entry) && USER in entry && SYSTEM in entry) ? 1 : 0;
}

function read(value: unknown, context?: ReadContext): ReadResult {
  return readValidated(DIALOGSTUDIO_SCHEMA, isDialogStudioRecord, value, context, turnsOf, (record) => ({
    id: context?.key ?? (typeof record['original dialog id'] === 'string' ? record['original dialog id'] : null),
    turnKeys: ['log'],
  }));
}

/** Writes the dialog: one log entry per user/assistant pair, the original entry kept where both texts are unchanged. */
function write(conversation: Conversation): unknown {
  const raw = rawRecord(conversation);
  const originals = Array.isArray(raw.log) ? (raw.log as Record<string, unknown>[]) : [];
  const turns = conversation.turns;
  if (turns.length % 2 !== 0) throw new Error(`DialogStudio holds user/system pairs: this conversation has ${turns.length} turns`);
  const log: unknown[] = [];
  for (let index = 0; index < turns.length; index += 2) {
    const [user, assistant] = [turns[index], turns[index + 1]];
    if (user.role !== 'user' || assistant.role !== 'assistant') throw new Error(`DialogStudio holds user/system pairs: turns ${index} and ${index + 1} are ${user.role} and ${assistant.role}`);
    const original = originals[index / 2];
    const [userText, systemText] = [turnText(user), turnText(assistant)];
    log.push(isRecord(original) && original[USER] === userText && original[SYSTEM] === systemText ? original : { 'turn id': index / 2 + 1, [USER]: userText, [SYSTEM]: systemText });
  }
  return { ...raw, log };
}

/** DialogStudio dialogs (`dialogstudio`). */
export const DIALOGSTUDIO_FORMAT: Format = { name: 'dialogstudio', detect, read, write };
