/**
 * The Electron IPC channels between the preload and the shell (docs/ARCHITECTURE.md,
 * "Processes"). The preload asks for a port with `connect` each time the page loads; the shell
 * answers on `port` with one end of a MessageChannel whose other end it gave the engine host. All
 * calls and events then go over that port, not through the main process. `linkClicked` reports a
 * user's click on a web link, the only kind the shell opens in the browser (docs/security.md,
 * "Electron"). Kept apart from the zod schemas so that the sandboxed preload does not bundle zod.
 */
export const SHELL_CHANNELS = { connect: 'agentmix:connect', port: 'agentmix:port', linkClicked: 'agentmix:link-clicked' } as const;
