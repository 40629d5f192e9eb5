import { FORMAT_NAMES, getFormat, type FormatName } from '../../../shared/formats/index';
import type { FileAccess } from '../access/file-access';
import { Engine, type EngineOptions } from '../engine';
import { createHandlers } from './create-api';
import { dispatchCall } from './dispatch';
import { adaptEngine } from './engine-adapter';
import { EventHub } from './event-sink';
import type { TestHold } from './job-tracker';
import type { Handlers } from './registry';
import { createServices, type ApiServices, type HostInfo } from './services';

/** The API as a host runs it: the handlers, the event hub transports listen to, and the services. */
export interface HostApi {
  engine: Engine;
  handlers: Handlers;
  hub: EventHub;
  services: ApiServices;
  /** Runs one call the way the transports do (used by the menu and the CLI). */
  call(name: string, request: unknown): ReturnType<typeof dispatchCall>;
  dispose(): Promise<void>;
}

/**
 * Builds the engine and the API for one host (the Electron shell or `agentmix serve`): both wire
 * exactly this, so the two faces cannot drift apart.
 */
export function createHostApi(options: { host: HostInfo; engine?: EngineOptions; access?: FileAccess; onUnexpectedError?: (name: string, error: unknown) => void; testHold?: TestHold | null }): HostApi {
  const engine = new Engine(options.engine);
  const hub = new EventHub();
  const services = createServices({
    engine: adaptEngine(engine),
    host: options.host,
    emit: hub.emit,
    formatOf: (name) => ((FORMAT_NAMES as readonly string[]).includes(name) ? getFormat(name as FormatName) : null),
    access: options.access,
    testHold: options.testHold ?? null,
  });
  const handlers = createHandlers(services);
  return {
    engine,
    handlers,
    hub,
    services,
    call: (name, request) => dispatchCall(handlers, name, request, { onUnexpectedError: options.onUnexpectedError }),
    dispose: () => engine.dispose(),
  };
}
