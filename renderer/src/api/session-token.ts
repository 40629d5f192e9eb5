/**
 * The serve token in the page (docs/security.md, "How the token flows"). `agentmix serve` prints
 * `http://127.0.0.1:PORT/#token=…`; the page moves the token into localStorage and takes it out of
 * the address bar (history.replaceState), so it is in no bookmark, no shared link and no later
 * history entry. localStorage, not sessionStorage: it is scoped to this origin (scheme, host and
 * port, so no other server on 127.0.0.1 can read it), and unlike sessionStorage it is shared by the
 * tabs of the origin and outlives the tab, so reopening `http://127.0.0.1:PORT/` works. No cookie
 * ever holds it: the browser would send a cookie to every port of 127.0.0.1.
 */

/** The localStorage key of the token. */
export const TOKEN_KEY = 'agentmix.serve-token';

/** A token as serve makes them (base64url); anything else in the URL is ignored. */
const TOKEN_PATTERN = /^[\w-]{16,200}$/;

/**
 * The token of this page: taken from the URL's `#token=` (or `?token=`, as older URLs had it) into
 * storage, the URL cleaned; or the one stored by an earlier visit; or null.
 */
export function takeToken(location: Location, history: History, storage: Storage): string | null {
  const fromHash = new URLSearchParams(location.hash.replace(/^#/, '')).get('token');
  const query = new URLSearchParams(location.search);
  const fromQuery = query.get('token');
  const given = fromHash ?? fromQuery;
  if (given !== null) {
    query.delete('token');
    const search = query.toString();
    history.replaceState(history.state, '', `${location.pathname}${search ? `?${search}` : ''}`);
    if (TOKEN_PATTERN.test(given)) {
      storage.setItem(TOKEN_KEY, given);
      return given;
    }
  }
  return storage.getItem(TOKEN_KEY);
}

/** Forgets a token the server refused (serve restarted with a new one). */
export function forgetToken(storage: Storage, token: string): void {
  if (storage.getItem(TOKEN_KEY) === token) storage.removeItem(TOKEN_KEY);
}
