import { FORMAT_NAMES, type FormatName } from '../../../shared/formats/types';
import type { Engine } from '../engine';
import type { SourceInfo } from '../types';
import type { EnginePort, PortSource } from './engine-port';

/** Converts the engine's source to the port's. */
function toPortSource(info: SourceInfo): PortSource {
  return {
    sourceId: info.id,
    path: info.path,
    hash: info.hash,
    keyPrefix: info.keyPrefix,
    format: info.format ?? 'none',
    role: info.role,
    records: info.records,
    tasks: info.tasks,
    turns: info.turns,
    errorCount: info.errorCount,
    errors: info.errors.map((problem) => ({ line: problem.line, offset: problem.offset, ...(problem.record !== undefined ? { record: problem.record } : {}), message: problem.message })),
    notice: info.notConversations ?? null,
  };
}

/** True when `name` is a format the engine reads. */
function isFormatName(name: string | undefined): name is FormatName {
  return name !== undefined && (FORMAT_NAMES as readonly string[]).includes(name);
}

/** The engine facade (electron/engine/engine.ts) as the handlers' {@link EnginePort}. */
export function adaptEngine(engine: Engine): EnginePort {
  return {
    openSources: async (paths, options, events) => {
      const format = isFormatName(options.format) ? options.format : 'auto';
      const opened = await engine.openSources(paths, { format, ...(options.role ? { role: options.role } : {}), ...(options.task !== undefined ? { task: options.task } : {}) }, events);
      return opened.map(toPortSource);
    },
    listSources: () => engine.listSources().map(toPortSource),
    closeSource: (sourceId) => engine.closeSource(sourceId),
    rowCount: () => engine.index.count,
    row: (row) => {
      const entry = engine.index.row(row);
      return {
        key: engine.keyOf(row),
        sourceId: entry.sourceId,
        ordinal: entry.ordinal,
        id: entry.id,
        task: entry.task,
        turns: entry.turns,
        chars: entry.chars,
        // The index does not count tokens yet (issue 2 keeps characters); the column stays empty.
        tokens: null,
        reward: entry.reward,
        trained: entry.lossTrue,
        masked: entry.lossFalse,
        firstUserText: entry.firstUserText,
      };
    },
    readRecord: (key) => engine.readRecord(key),
    dispose: () => engine.dispose(),
  };
}
