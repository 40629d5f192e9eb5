import { createContext, useContext } from 'react';
import type { Response } from '../../../shared/api';
import type { ApiClient } from '../api/client';
import type { ReviewStore } from '../db/review-store';

/** What every component may use: the typed client, the host's description and the review store. */
export interface AppServices {
  client: ApiClient;
  info: Response<'app.info'>;
  store: ReviewStore;
}

const AppContext = createContext<AppServices | null>(null);

/** Provides the services to the tree. */
export const AppServicesProvider = AppContext.Provider;

/** The services; throws outside the provider (a programming error). */
export function useAppServices(): AppServices {
  const services = useContext(AppContext);
  if (services === null) throw new Error('useAppServices() needs <AppServicesProvider>');
  return services;
}
