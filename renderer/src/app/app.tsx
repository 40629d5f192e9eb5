import { useEffect, useState } from 'react';
import type { Response } from '../../../shared/api';
import type { ApiClient } from '../api/client';
import { connectApi } from '../api/connect';
import type { ConnectionState } from '../api/socket-bridge';
import { ReviewDatabase } from '../db/review-db';
import { ReviewStore } from '../db/review-store';
import { AppServicesProvider, type AppServices } from './api-context';
import { AppViews } from './app-views';
import { LoadProblems } from './load-problems';
import { markMilestone } from './milestones';

/** The connection state, shown while it is not open (serve mode only). */
function ConnectionBanner({ state }: { state: ConnectionState }): React.JSX.Element | null {
  if (state === 'open') return null;
  return (
    <p className="connection" role="alert">
      {state === 'lost' ? 'The connection to agentmix serve was lost; reconnecting…' : state === 'refused' ? 'This page has no token of the running agentmix serve: open the URL it printed (…/#token=…).' : 'Connecting to agentmix serve…'}
    </p>
  );
}

/** Connects to the engine, opens the review store, and shows the review desk. */
export function App(): React.JSX.Element {
  const [connection, setConnection] = useState<ConnectionState>('open');
  const [client] = useState<ApiClient>(() =>
    connectApi((state) => {
      setConnection((previous) => {
        // Back after a lost connection: serve may have restarted with an empty engine, so start over
        // (the review is safe in IndexedDB and is mirrored to the engine again on load).
        if (previous === 'lost' && state === 'open') window.location.reload();
        return state;
      });
    }),
  );
  const [services, setServices] = useState<AppServices | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let active = true;
    client.call('app.info', {}).then(
      (info: Response<'app.info'>) => {
        if (!active) return;
        setServices({ client, info, store: new ReviewStore(new ReviewDatabase(), info.user) });
        markMilestone('connected', info.transport);
      },
      (caught: unknown) => active && setError(caught instanceof Error ? caught.message : String(caught)),
    );
    return () => {
      active = false;
    };
  }, [client]);

  if (error) {
    return (
      <main className="fatal" role="alert">
        <h1>AgentMix Studio cannot reach its engine</h1>
        <p>{error}</p>
      </main>
    );
  }
  if (services === null) {
    return (
      <main className="fatal">
        <ConnectionBanner state={connection} />
        <p>Starting…</p>
      </main>
    );
  }
  return (
    <AppServicesProvider value={services}>
      <ConnectionBanner state={connection} />
      <LoadProblems />
      <AppViews />
    </AppServicesProvider>
  );
}
