import type { HandlerModule } from './registry';
import type { ApiServices } from './services';

/** `access.*`: the allowed folders, and widening them on the user's request under serve (docs/security.md). */
export function accessHandlers(services: ApiServices): HandlerModule<'access.list' | 'access.allow'> {
  const { access } = services;
  return {
    'access.list': async () => ({ grants: await access.list(), canAllow: access.uiGrants }),
    'access.allow': async ({ paths }) => {
      const allowed = [];
      for (const path of paths) allowed.push(await access.allowFromUi(path));
      return { allowed, grants: await access.list() };
    },
  };
}
