import { readFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { parseReviewFile } from '../../../shared/review/parse-review-file';
import { writeFileAtomic } from '../export/atomic-file';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** `review.*`: mirror statuses into the engine; save and load review files on the host's disk. */
export function reviewHandlers(services: ApiServices): HandlerModule<'review.sync' | 'review.write' | 'review.read'> {
  const resolvePath = (path: string): string => (isAbsolute(path) ? path : resolve(services.host.dataDir, path));
  return {
    'review.sync': ({ entries, replace }) => {
      services.review.apply(entries, replace);
      return { reviewed: services.review.size };
    },
    'review.write': async ({ path, lines }) => {
      const target = resolvePath(path);
      const text = lines.map((line) => JSON.stringify(line)).join('\n') + (lines.length > 0 ? '\n' : '');
      // The same write as exports (docs/recipe.md, "Export"): a temporary sibling, fsync, rename; never a torn file.
      await writeFileAtomic(target, text);
      return { path: target, lines: lines.length, bytes: Buffer.byteLength(text) };
    },
    'review.read': async ({ path }) => {
      const target = resolvePath(path);
      let text: string;
      try {
        text = await readFile(target, 'utf8');
      } catch (error) {
        throw new ApiFailure('not-found', `cannot read the review file ${target}: ${error instanceof Error ? error.message : String(error)}`);
      }
      const parsed = parseReviewFile(text, target);
      return {
        path: target,
        lines: parsed.entries.map(({ file: _file, line: _line, ...entry }) => entry),
        problems: parsed.problems.map((problem) => ({ line: problem.line, message: problem.message })),
      };
    },
  };
}
