import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { parseReviewFile } from '../../../shared/review/parse-review-file';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/**
 * Writes a file through a temporary sibling and a rename, so a crash leaves the old file or the new
 * one, never a torn file (the same rule as exports, issue 4).
 */
export async function writeFileAtomically(path: string, text: string): Promise<number> {
  await mkdir(dirname(path), { recursive: true });
  const temporary = `${path}.${randomBytes(6).toString('hex')}.tmp`;
  const handle = await open(temporary, 'w');
  try {
    await handle.writeFile(text, 'utf8');
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
  return Buffer.byteLength(text);
}

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
      return { path: target, lines: lines.length, bytes: await writeFileAtomically(target, text) };
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
