/**
 * Which web links the shell opens in the system browser (docs/security.md, "Electron"): only
 * http(s) links that the user clicked. The preload reports each trusted click on a link (a script
 * can dispatch a click, but not one with `isTrusted`); a new-window request or a navigation is then
 * let out only for a URL clicked and not yet opened, once. So a script in the page, whatever it
 * got hold of, cannot open a URL by itself, nor a `file:`, `smb:` or custom-scheme one at all.
 */

/** How many clicked links are remembered (a click that opens nothing is forgotten eventually). */
const REMEMBERED = 16;

/** The URL as the browser would open it, when it is an http(s) link; null for any other scheme or a malformed one. */
export function webLink(url: string): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') return null;
  if (parsed.username !== '' || parsed.password !== '') return null;
  return parsed.href;
}

/** The links the user clicked and the shell has not opened yet. */
export class ClickedLinks {
  private readonly pending: string[] = [];

  /** The preload saw a trusted click on a link to `url`. */
  noteClick(url: string): void {
    const link = webLink(url);
    if (link === null) return;
    this.pending.push(link);
    if (this.pending.length > REMEMBERED) this.pending.shift();
  }

  /** Whether `url` may be opened now (a clicked http(s) link); each click opens once. */
  take(url: string): boolean {
    const link = webLink(url);
    if (link === null) return false;
    const at = this.pending.indexOf(link);
    if (at < 0) return false;
    this.pending.splice(at, 1);
    return true;
  }
}
