import type { Response } from '../../../shared/api';
import type { PortSource } from './engine-port';
import { ApiFailure } from './failure';
import { baseName } from './record-views';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';
import { readExcerpt } from './source-excerpt';

/** A source as the contract sends it. */
export type SourceSummary = Response<'sources.list'>['sources'][number];

/** Converts an engine source to the contract's summary. */
export function toSourceSummary(source: PortSource): SourceSummary {
  return { ...source, name: baseName(source.path), errors: source.errors.slice(0, 100) };
}

/** `sources.*`: open shards as an indexing job, list, close, and show the lines around a problem. */
export function sourceHandlers(services: ApiServices): HandlerModule<'sources.open' | 'sources.list' | 'sources.close' | 'sources.excerpt'> {
  const { engine, jobs, emit, views } = services;
  const list = (): SourceSummary[] => engine.listSources().map(toSourceSummary);
  const changed = (): SourceSummary[] => {
    views.invalidate();
    const sources = list();
    emit('onDidChangeSources', { sources });
    return sources;
  };
  const openPaths = async (paths: string[], options: { format: string; role?: 'agent' | 'general'; task?: string | null }, label: string): Promise<Response<'sources.open'>> => {
    const opened = await jobs.run('index', label, async (control) => {
      // Inside the allowed folders, links resolved (docs/security.md, "File access").
      for (const path of paths) await services.access.checkRead(path, 'shard');
      return engine.openSources(paths, { format: options.format, role: options.role, task: options.task }, { signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit) });
    });
    return { sources: changed(), opened: opened.map((source) => source.sourceId) };
  };
  return {
    'sources.open': (request) => openPaths(request.paths, request, `Indexing ${request.paths.length === 1 ? baseName(request.paths[0]) : `${request.paths.length} files`}`),
    'sources.list': () => ({ sources: list() }),
    'sources.close': ({ sourceId }) => {
      if (!engine.listSources().some((source) => source.sourceId === sourceId)) throw new ApiFailure('not-found', `no open source has id ${sourceId}`);
      engine.closeSource(sourceId);
      return { sources: changed() };
    },
    'sources.excerpt': async ({ sourceId, offset, context }) => {
      const source = engine.listSources().find((candidate) => candidate.sourceId === sourceId);
      if (!source) throw new ApiFailure('not-found', `no open source has id ${sourceId}`);
      await services.access.checkRead(source.path, 'source');
      return { sourceId, path: source.path, ...(await readExcerpt(source.path, offset, context)) };
    },
  };
}
