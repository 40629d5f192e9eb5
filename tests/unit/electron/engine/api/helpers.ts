import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventName, EventPayload } from '../../../../../shared/api';
import { FileAccess } from '../../../../../electron/engine/access/file-access';
import { createHandlers } from '../../../../../electron/engine/api/create-api';
import { dispatchCall } from '../../../../../electron/engine/api/dispatch';
import type { EnginePort } from '../../../../../electron/engine/api/engine-port';
import { createServices, type ApiServices, type NativeDialogs } from '../../../../../electron/engine/api/services';
import { DATA_DIR, REPO_ROOT } from '../../../../helpers/data';
import { FAKE_FORMAT, FakeEngine } from './fake-engine';

/** An event as a test records it. */
export interface RecordedEvent {
  event: EventName;
  payload: EventPayload<EventName>;
}

/** The demo folder of the repository. */
export const DEMO_DIR = join(REPO_ROOT, 'resources/samples');

/**
 * The file access of a test host: its data folder, the demo, `../shared/data` and the repository's
 * fixtures (what the tests open), as a serve host started with `--allow` for them would have.
 */
export function testAccess(dataDir: string, transport: 'ipc' | 'websocket' = 'websocket'): FileAccess {
  return new FileAccess({ uiGrants: transport === 'websocket', folders: [dataDir, DEMO_DIR, DATA_DIR, join(REPO_ROOT, 'tests/fixtures')] });
}

/** Handlers over an engine (the fake by default), with every emitted event recorded. */
export function makeApi(options: { engine?: EnginePort; dialogs?: NativeDialogs | null; access?: (dataDir: string) => FileAccess } = {}) {
  const engine = options.engine ?? new FakeEngine();
  const events: RecordedEvent[] = [];
  const dataDir = mkdtempSync(join(tmpdir(), 'agentmix-api-'));
  const services: ApiServices = createServices({
    engine,
    access: (options.access ?? testAccess)(dataDir),
    host: { transport: 'websocket', version: '0.0.0-test', dataDir, demoDir: DEMO_DIR, user: 'tester', dialogs: options.dialogs ?? null },
    emit: (event, payload) => events.push({ event, payload }),
    formatOf: (name) => (name === 'agentinstruct' ? FAKE_FORMAT : null),
  });
  const handlers = createHandlers(services);
  /** Calls through the same dispatch the transports use, with response validation on. */
  const call = async (name: string, request: unknown) => dispatchCall(handlers, name, request, { validateResponses: true });
  return { engine, services, handlers, events, call };
}
