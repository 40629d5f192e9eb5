import { accessHandlers } from './access-handlers';
import { appHandlers } from './app-handlers';
import { dialogHandlers } from './dialog-handlers';
import { duplicateHandlers } from './duplicate-handlers';
import { exportHandlers } from './export-handlers';
import { filterHandlers } from './filter-handlers';
import { leakageHandlers } from './leakage-handlers';
import { jobHandlers } from './job-handlers';
import { pipelineHandlers } from './pipeline-handlers';
import { recordHandlers } from './record-handlers';
import { combineHandlers, type Handlers } from './registry';
import { reviewHandlers } from './review-handlers';
import type { ApiServices } from './services';
import { sourceHandlers } from './source-handlers';

/**
 * Every handler of the contract, composed from the feature modules. Both transports (IPC in
 * electron/main, the WebSocket in electron/host) call the map this returns through `dispatchCall`.
 */
export function createHandlers(services: ApiServices): Handlers {
  return combineHandlers([
    appHandlers(services),
    accessHandlers(services),
    sourceHandlers(services),
    recordHandlers(services),
    pipelineHandlers(services),
    filterHandlers(services),
    exportHandlers(services),
    leakageHandlers(services),
    duplicateHandlers(services),
    reviewHandlers(services),
    dialogHandlers(services),
    jobHandlers(services),
  ]);
}
