import { isAbsolute, sep } from 'node:path';
import { parseReviewFile } from '../../../shared/review/parse-review-file';
import { FileAccessError } from '../access/access-error';
import { readSmallFile } from '../access/read-small-file';
import { checkReviewTarget, MAX_REVIEW_BYTES } from '../access/write-targets';
import { writeFileAtomic } from '../export/atomic-file';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** The text of a review file: one JSON line per decision; a line that cannot be serialized is named. */
function reviewText(lines: readonly { key: string }[]): string {
  const text = lines.map((line, index) => {
    try {
      return JSON.stringify(line);
    } catch (error) {
      throw new ApiFailure('bad-request', `review line ${index + 1} (${line.key.slice(0, 200)}) cannot be written: ${error instanceof Error ? error.message : String(error)}`);
    }
  });
  return text.join('\n') + (lines.length > 0 ? '\n' : '');
}

/**
 * `review.*`: mirror statuses into the engine; save and load review files on the host's disk,
 * inside the allowed folders only (docs/security.md, "File access").
 */
export function reviewHandlers(services: ApiServices): HandlerModule<'review.sync' | 'review.write' | 'review.read'> {
  const { access } = services;
  // Relative paths are in the data folder; kept unfolded, so the access check resolves `..` as the kernel does.
  const resolvePath = (path: string): string => (isAbsolute(path) ? path : `${services.host.dataDir}${sep}${path}`);
  return {
    'review.sync': ({ entries, replace }) => {
      services.review.apply(entries, replace);
      return { reviewed: services.review.size };
    },
    'review.write': async ({ path, lines }) => {
      const target = await checkReviewTarget(access, resolvePath(path), lines.length);
      const text = reviewText(lines);
      // The same write as exports (docs/recipe.md, "Export"): a temporary sibling, fsync, rename; never a torn file.
      await writeFileAtomic(target, text);
      return { path: target, lines: lines.length, bytes: Buffer.byteLength(text) };
    },
    'review.read': async ({ path }) => {
      const checked = await access.checkRead(resolvePath(path), 'review file');
      if (checked.type !== 'file') throw new FileAccessError('bad-request', `review file ${path}: is a folder; give the review file`);
      const target = checked.real;
      // Capped, non-blocking, regular files only; problems never quote the file (shared/text/json-error.ts).
      const text = await readSmallFile(target, MAX_REVIEW_BYTES, 'review file');
      const parsed = parseReviewFile(text, target);
      return {
        path: target,
        lines: parsed.entries.map(({ file: _file, line: _line, ...entry }) => entry),
        problems: parsed.problems.map((problem) => ({ line: problem.line, message: problem.message })),
      };
    },
  };
}
