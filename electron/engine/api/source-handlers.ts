import { readFile } from 'node:fs/promises';
import { isAbsolute, join } from 'node:path';
import { z } from 'zod';
import type { Response } from '../../../shared/api';
import type { PortSource } from './engine-port';
import { ApiFailure } from './failure';
import { baseName } from './record-views';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';
import { readExcerpt } from './source-excerpt';

/** A source as the contract sends it. */
export type SourceSummary = Response<'sources.list'>['sources'][number];

/**
 * The demo's list of shards (resources/samples/demo-sources.json). It stands in for the demo
 * recipe until recipes exist (issue 3); paths are relative to the samples folder.
 */
const demoManifestSchema = z.object({
  sources: z.array(z.object({ path: z.string(), role: z.enum(['agent', 'general']), format: z.string().optional() })).min(1),
});

/** The name of the demo manifest in the samples folder. */
export const DEMO_MANIFEST = 'demo-sources.json';

/** Converts an engine source to the contract's summary. */
export function toSourceSummary(source: PortSource): SourceSummary {
  return { ...source, name: baseName(source.path), errors: source.errors.slice(0, 100) };
}

/** `sources.*`: open shards as an indexing job, list, close, and show the lines around a problem. */
export function sourceHandlers(services: ApiServices): HandlerModule<'sources.open' | 'sources.openDemo' | 'sources.list' | 'sources.close' | 'sources.excerpt'> {
  const { engine, jobs, emit, views } = services;
  const list = (): SourceSummary[] => engine.listSources().map(toSourceSummary);
  const changed = (): SourceSummary[] => {
    views.invalidate();
    const sources = list();
    emit('onDidChangeSources', { sources });
    return sources;
  };
  const openPaths = async (paths: string[], options: { format: string; role?: 'agent' | 'general'; task?: string | null }, label: string): Promise<Response<'sources.open'>> => {
    const opened = await jobs.run('index', label, (control) =>
      engine.openSources(paths, { format: options.format, role: options.role, task: options.task }, { signal: control.signal, onProgress: (progress) => control.progress(progress.stage, progress.done, progress.total, progress.unit) }),
    );
    return { sources: changed(), opened: opened.map((source) => source.sourceId) };
  };
  return {
    'sources.open': (request) => openPaths(request.paths, request, `Indexing ${request.paths.length === 1 ? baseName(request.paths[0]) : `${request.paths.length} files`}`),
    'sources.openDemo': async () => {
      const manifestPath = join(services.host.demoDir, DEMO_MANIFEST);
      const manifest = demoManifestSchema.parse(JSON.parse(await readFile(manifestPath, 'utf8')));
      const alreadyOpen = new Set(engine.listSources().map((source) => source.path));
      const opened: number[] = [];
      for (const role of ['agent', 'general'] as const) {
        const paths = manifest.sources.filter((source) => source.role === role).map((source) => (isAbsolute(source.path) ? source.path : join(services.host.demoDir, source.path))).filter((path) => !alreadyOpen.has(path));
        if (paths.length > 0) opened.push(...(await openPaths(paths, { format: 'auto', role }, `Opening the demo (${role})`)).opened);
      }
      return { sources: list(), opened };
    },
    'sources.list': () => ({ sources: list() }),
    'sources.close': ({ sourceId }) => {
      if (!engine.listSources().some((source) => source.sourceId === sourceId)) throw new ApiFailure('not-found', `no open source has id ${sourceId}`);
      engine.closeSource(sourceId);
      return { sources: changed() };
    },
    'sources.excerpt': async ({ sourceId, offset, context }) => {
      const source = engine.listSources().find((candidate) => candidate.sourceId === sourceId);
      if (!source) throw new ApiFailure('not-found', `no open source has id ${sourceId}`);
      return { sourceId, path: source.path, ...(await readExcerpt(source.path, offset, context)) };
    },
  };
}
