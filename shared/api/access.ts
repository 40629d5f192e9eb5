import { z } from 'zod';
import { emptyRequestSchema, pathSchema } from './common';

/** One folder (or file) the engine may read and write in (docs/security.md, "File access"). */
export const grantSchema = z.object({
  path: z.string(),
  scope: z.enum(['folder', 'file']),
  /** Why: `start`, `command line`, `--allow`, `dialog`, `browser`. */
  reason: z.string(),
  /** For the target of a link in an allowed folder: the link (read only). */
  linkedFrom: z.string().optional(),
});

/**
 * The allowed folders: listed, and widened on the user's request under `agentmix serve` (the
 * server prints each folder it adds). The desktop app answers `allow` with `unsupported`: there the
 * native dialogs are the user's grant.
 */
export const accessCalls = {
  'access.list': {
    request: emptyRequestSchema,
    response: z.object({ grants: z.array(grantSchema), canAllow: z.boolean() }),
  },
  'access.allow': {
    /** Folders, or files whose folders are to be allowed. */
    request: z.strictObject({ paths: z.array(pathSchema).min(1).max(20) }),
    response: z.object({ allowed: z.array(grantSchema), grants: z.array(grantSchema) }),
  },
} as const;
