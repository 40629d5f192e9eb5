import { z } from 'zod';
import { emptyRequestSchema } from './common';

/** `app.info`: what the renderer needs to know about the host it runs in. */
export const appCalls = {
  'app.info': {
    request: emptyRequestSchema,
    response: z.object({
      name: z.string(),
      version: z.string(),
      /** `ipc` inside Electron, `websocket` under `agentmix serve`. */
      transport: z.enum(['ipc', 'websocket']),
      /** Whether `dialogs.*` can show native dialogs (Electron only); serve mode asks for paths instead. */
      nativeDialogs: z.boolean(),
      /** The folder for the app's own files (saved reviews by default). */
      dataDir: z.string(),
      /** The demo shards shipped in resources/samples. */
      demoDir: z.string(),
      /** The annotator's name, written as `by` in review lines. */
      user: z.string(),
    }),
  },
} as const;
