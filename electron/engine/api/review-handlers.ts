import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { dirname, isAbsolute, resolve } from 'node:path';
import { reviewLineSchema } from '../../../shared/api/review';
import type { Response } from '../../../shared/api';
import { ApiFailure } from './failure';
import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** A review-file line. */
type ReviewLine = Response<'review.read'>['lines'][number];

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

/** Parses a review file: every line that parses, and a problem for each one that does not. */
export function parseReviewFile(text: string): Pick<Response<'review.read'>, 'lines' | 'problems'> {
  const lines: ReviewLine[] = [];
  const problems: Response<'review.read'>['problems'] = [];
  text.replace(/^\uFEFF/, '').split('\n').forEach((raw, index) => {
    const line = raw.replace(/\r$/, '');
    if (line.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch (error) {
      problems.push({ line: index + 1, message: `not JSON: ${error instanceof Error ? error.message : String(error)}` });
      return;
    }
    const parsed = reviewLineSchema.safeParse(value);
    if (parsed.success) lines.push(parsed.data);
    else problems.push({ line: index + 1, message: parsed.error.issues.map((issue) => `${issue.path.join('.') || '(line)'}: ${issue.message}`).join('; ') });
  });
  return { lines, problems };
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
      return { path: target, ...parseReviewFile(text) };
    },
  };
}
