import { createContext, useContext } from 'react';

/** A request to show one record in the review desk; `serial` tells two requests for the same key apart. */
export interface DeskFocusRequest {
  key: string;
  serial: number;
}

/** What the app shell shares so that another view can send a record to the review desk (docs/ui.md: the leakage view's send to review). */
export interface DeskFocus {
  /** The latest request, or null before any. */
  request: DeskFocusRequest | null;
  /** Switches to the desk tab and opens the record there. */
  sendToDesk(key: string): void;
}

/** The shell's desk focus; the default does nothing (a view rendered outside the shell). */
export const DeskFocusContext = createContext<DeskFocus>({ request: null, sendToDesk: () => undefined });

/** The app shell's desk focus. */
export function useDeskFocus(): DeskFocus {
  return useContext(DeskFocusContext);
}
