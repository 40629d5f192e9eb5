import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** `app.info`. */
export function appHandlers(services: ApiServices): HandlerModule<'app.info'> {
  return {
    'app.info': () => ({
      name: 'AgentMix Studio',
      version: services.host.version,
      transport: services.host.transport,
      nativeDialogs: services.host.dialogs !== null,
      dataDir: services.host.dataDir,
      demoDir: services.host.demoDir,
      user: services.host.user,
    }),
  };
}
