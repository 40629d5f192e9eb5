import { useState } from 'react';
import { useAppServices } from './api-context';
import type { Action } from './use-action';

/**
 * An action's error, and when the engine refused paths outside the allowed folders under `agentmix
 * serve`, the button that asks the server to allow them (it prints each folder it adds) and runs
 * the action again (docs/security.md, "File access"). The desktop app grants through its dialogs.
 */
export function ActionError({ action, retry, as = 'p' }: { action: Action; retry: () => Promise<void>; as?: 'p' | 'pre' | 'span' }): React.JSX.Element | null {
  const { client, info } = useAppServices();
  const [allowError, setAllowError] = useState<string | null>(null);
  if (action.error === null) return null;
  const Tag = as;
  const canAllow = info.transport === 'websocket' && action.denied.length > 0;
  const allow = async (): Promise<void> => {
    setAllowError(null);
    try {
      await client.call('access.allow', { paths: [...action.denied] });
    } catch (caught) {
      setAllowError(caught instanceof Error ? caught.message : String(caught));
      return;
    }
    await retry();
  };
  return (
    <div className="action-error">
      <Tag role="alert" className="error">
        {action.error}
      </Tag>
      {canAllow && (
        <button type="button" onClick={() => void allow()} disabled={action.busy}>
          Allow {action.denied.length === 1 ? 'this folder' : `these ${action.denied.length} folders`} and try again
        </button>
      )}
      {allowError !== null && (
        <p role="alert" className="error">
          {allowError}
        </p>
      )}
    </div>
  );
}
