import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../../../shared/api';
import { createHandlers } from '../../../../../electron/engine/api/create-api';
import { dispatchCall } from '../../../../../electron/engine/api/dispatch';
import type { EnginePort } from '../../../../../electron/engine/api/engine-port';
import { createServices, type ApiServices, type NativeDialogs } from '../../../../../electron/engine/api/services';
import { REPO_ROOT } from '../../../../helpers/data';
import { FAKE_FORMAT, FakeEngine } from './fake-engine';

/** An event as a test records it. */
export interface RecordedEvent {
  event: EventName;
  payload: EventPayload<EventName>;
}

/** Handlers over an engine (the fake by default), with every emitted event recorded. */
export function makeApi(options: { engine?: EnginePort; dialogs?: NativeDialogs | null } = {}) {
  const engine = options.engine ?? new FakeEngine();
  const events: RecordedEvent[] = [];
  const services: ApiServices = createServices({
    engine,
    host: { transport: 'websocket', version: '0.0.0-test', dataDir: mkdtempSync(join(tmpdir(), 'agentmix-api-')), demoDir: join(REPO_ROOT, 'resources/samples'), user: 'tester', dialogs: options.dialogs ?? null },
    emit: (event, payload) => events.push({ event, payload }),
    formatOf: (name) => (name === 'agentinstruct' ? FAKE_FORMAT : null),
  });
  const handlers = createHandlers(services);
  /** Calls through the same dispatch the transports use, with response validation on. */
  const call = async (name: string, request: unknown) => dispatchCall(handlers, name, request, { validateResponses: true });
  return { engine, services, handlers, events, call };
}
