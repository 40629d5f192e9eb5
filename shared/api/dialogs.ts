import { z } from 'zod';

/** A file-type filter for native dialogs, as Electron takes it. */
const fileFilterSchema = z.strictObject({
  name: z.string().max(100),
  extensions: z.array(z.string().regex(/^[\w*.-]{1,20}$/)).max(20),
});

/**
 * Native dialogs. Only the desktop shell has them; under `agentmix serve` these answer
 * `supported: false` and the renderer asks for a path in a text field instead.
 */
export const dialogCalls = {
  'dialogs.openFiles': {
    request: z.strictObject({
      title: z.string().max(200).optional(),
      filters: z.array(fileFilterSchema).max(10).optional(),
      multiple: z.boolean().default(true),
    }),
    response: z.object({ supported: z.boolean(), paths: z.array(z.string()) }),
  },
  'dialogs.saveFile': {
    request: z.strictObject({
      title: z.string().max(200).optional(),
      defaultPath: z.string().max(4096).optional(),
      filters: z.array(fileFilterSchema).max(10).optional(),
    }),
    response: z.object({ supported: z.boolean(), path: z.string().nullable() }),
  },
  /** Shows a written file in the system's file manager (the export's "reveal file"). */
  'dialogs.reveal': {
    request: z.strictObject({ path: z.string().min(1).max(4096) }),
    response: z.object({ supported: z.boolean() }),
  },
} as const;
