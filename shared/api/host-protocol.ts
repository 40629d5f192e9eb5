import { z } from 'zod';
import { MENU_COMMANDS } from './event-payloads';
import { jobKindSchema } from './jobs';
import { socketCallSchema } from './wire';

/**
 * The engine host's messages (docs/ARCHITECTURE.md, "Processes"). The host is one compiled
 * program (out/engine/host.mjs) that runs the engine; two kinds of channel reach it:
 * - a **client port** per renderer: the contract's calls in, results and events out, the same
 *   frames as the WebSocket of `agentmix serve` (the shell hands the port only to its own window,
 *   which is the authentication, as the token in the handshake is the WebSocket's);
 * - the **parent channel** from whoever started it: the Electron shell (Electron's `parentPort`
 *   of a utility process) or a Node parent (the `process.send` channel of `child_process.fork`).
 *   It carries the start-up settings, new client ports, menu commands and the native dialogs the
 *   host asks the shell for. A Node parent may also make calls on it directly, as a client.
 */

/** A call from a client: `id` pairs it with its result. */
export const portCallSchema = socketCallSchema;

/** A call frame. */
export type PortCall = z.infer<typeof portCallSchema>;

/** A file-type filter of a native dialog. */
interface DialogFilter {
  name: string;
  extensions: string[];
}

/**
 * What the host asks the shell to show. The shell answers the chosen paths (`openFiles`, empty
 * when canceled), the chosen path or null (`saveFile`), or null (`reveal`).
 */
export type DialogRequest =
  | { op: 'openFiles'; options: { title?: string; filters?: DialogFilter[]; multiple: boolean } }
  | { op: 'saveFile'; options: { title?: string; defaultPath?: string; filters?: DialogFilter[] } }
  /** Shows an existing file (an absolute path the host has checked) in the file manager. */
  | { op: 'reveal'; path: string };

const filterSchema = z.strictObject({ name: z.string(), extensions: z.array(z.string()) });

/** A dialog request as the shell parses it. */
export const dialogRequestSchema = z.discriminatedUnion('op', [
  z.strictObject({ op: z.literal('openFiles'), options: z.strictObject({ title: z.string().optional(), filters: z.array(filterSchema).optional(), multiple: z.boolean() }) }),
  z.strictObject({ op: z.literal('saveFile'), options: z.strictObject({ title: z.string().optional(), defaultPath: z.string().optional(), filters: z.array(filterSchema).optional() }) }),
  z.strictObject({ op: z.literal('reveal'), path: z.string().min(1) }),
]);

/** What the host tells handlers about the app it serves. */
export const hostSettingsSchema = z.strictObject({
  version: z.string(),
  /** The folder for the app's own files. */
  dataDir: z.string(),
  /** The demo set (resources/samples, or where the packaged app keeps it). */
  demoDir: z.string(),
  user: z.string(),
  /** Whether the parent answers dialog requests (the Electron shell does). */
  dialogs: z.boolean(),
  /** Worker threads (default: one per core). */
  workers: z.int().positive().optional(),
  /** What to open at start: shards from the command line, the demo recipe, or nothing. */
  open: z.union([z.strictObject({ shards: z.array(z.string()).min(1) }), z.literal('demo'), z.literal('nothing')]),
  /**
   * Tests only: jobs of `kind` wait after `stage` until canceled (docs/CONTRIBUTING.md, "Deterministic
   * job tests"), as `AGENTMIX_TEST_HOLD` does for serve. The desktop shell never sends it.
   */
  testHold: z.strictObject({ kind: jobKindSchema, stage: z.string().min(1) }).optional(),
});

/** The host's start-up settings. */
export type HostSettings = z.infer<typeof hostSettingsSchema>;

/** Messages from the parent to the host (a `connect` carries the client's port beside it). */
export const parentMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('init'), settings: hostSettingsSchema }),
  /** A new client: the port beside the message, or (a Node parent, with no port) the parent channel itself. */
  z.strictObject({ type: z.literal('connect') }),
  z.strictObject({ type: z.literal('command'), command: z.enum(MENU_COMMANDS) }),
  z.strictObject({ type: z.literal('dialog-answer'), id: z.int().nonnegative(), answer: z.unknown() }),
  z.strictObject({ type: z.literal('stop') }),
  portCallSchema,
]);

/** A message from the parent. */
export type ParentMessage = z.infer<typeof parentMessageSchema>;

/** Messages from the host to its parent, besides the result and event frames of parent calls. */
export type HostMessage =
  /** The engine is up: the parent may connect clients (they are queued until then anyway). */
  | { type: 'ready' }
  /** The initial open (the demo or the command line's shards) ended. */
  | { type: 'opened'; ok: boolean; message: string | null }
  | { type: 'dialog'; id: number; request: DialogRequest };

/** A host message as the shell parses it. */
export const hostMessageSchema = z.discriminatedUnion('type', [
  z.strictObject({ type: z.literal('ready') }),
  z.strictObject({ type: z.literal('opened'), ok: z.boolean(), message: z.string().nullable() }),
  z.strictObject({ type: z.literal('dialog'), id: z.int().nonnegative(), request: dialogRequestSchema }),
]);
