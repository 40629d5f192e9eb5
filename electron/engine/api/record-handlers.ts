import type { Conversation } from '../../../shared/schema/conversation';
import { ApiFailure } from './failure';
import { turnShares } from './turn-shares';
import { validateRecordText } from './record-validation';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';
import type { Format } from '../../../shared/formats/types';

/** The conversation without its raw value, as the contract sends it. */
function plainConversation(conversation: Conversation): Omit<Conversation, 'raw' | 'turnKeys'> {
  const { raw: _raw, turnKeys: _turnKeys, ...plain } = conversation;
  return plain;
}

/** `records.*`: pages for the grid, the next unreviewed record, and one record to view or edit. */
export function recordHandlers(services: ApiServices): HandlerModule<'records.page' | 'records.find' | 'records.locate' | 'records.get' | 'records.validate' | 'records.rewrite'> {
  const { engine, views } = services;
  const read = async (key: string) => {
    try {
      return await engine.readRecord(key);
    } catch (error) {
      throw new ApiFailure('not-found', `cannot open record ${key}: ${error instanceof Error ? error.message : String(error)}`);
    }
  };
  const formatFor = (sourceId: number): Format => {
    const source = engine.listSources().find((candidate) => candidate.sourceId === sourceId);
    const format = source ? services.formatOf(source.format) : null;
    if (!format) throw new ApiFailure('unsupported', `the format of source ${source?.path ?? sourceId} (${source?.format ?? 'unknown'}) cannot be validated or written`);
    return format;
  };
  return {
    'records.page': ({ view, offset, limit }) => ({ ...views.page(view, offset, limit), indexed: engine.rowCount() }),
    'records.find': ({ view, from, direction }) => {
      const found = views.findUnreviewed(view, from, direction);
      return { position: found?.position ?? null, key: found?.key ?? null };
    },
    'records.locate': ({ view, key }) => ({ position: views.positionOf(view, key) }),
    'records.get': async ({ key }) => {
      const record = await read(key);
      const source = engine.listSources().find((candidate) => candidate.sourceId === record.sourceId);
      return {
        key: record.key,
        sourceId: record.sourceId,
        source: views.sourceName(record.sourceId),
        format: source?.format ?? 'unknown',
        ordinal: record.ordinal,
        text: record.text,
        value: record.value,
        conversation: plainConversation(record.conversation),
        verdict: engine.verdictOf(record.key),
        turnShares: turnShares(engine.lastRun?.(), record.key),
      };
    },
    'records.validate': async ({ key, text }) => {
      const record = await read(key);
      const result = validateRecordText(text, formatFor(record.sourceId));
      return result.ok ? { ok: true, problems: [], conversation: plainConversation(result.conversation) } : { ok: false, problems: result.problems, conversation: null };
    },
    'records.rewrite': async ({ key, turns }) => {
      const record = await read(key);
      const format = formatFor(record.sourceId);
      const value = format.write({ ...record.conversation, turns });
      const check = format.read(value);
      if (!check.ok) throw new ApiFailure('bad-request', `the edited record is not a valid ${format.name} record: ${check.message}`);
      return { value, text: JSON.stringify(value, null, 2) };
    },
  };
}
