import { homedir } from 'node:os';
import { dirname, relative, sep } from 'node:path';
import { FileAccessError } from './access-error';
import { isInside, isRoot, linksUnder, resolveReal, resolveWriteTarget } from './real-path';

/**
 * Who may touch which files through the API (docs/security.md, "File access"). Every handler that
 * reads or writes asks this one object, on both faces: the allowed set holds the folders the host
 * was started with (the data folder, the demo, the shards and recipe on the command line, `--allow`)
 * and what the user adds later: a native dialog's choice on the desktop, a folder added in the
 * browser under `agentmix serve` (which the server prints). Everything is compared by real path.
 */

/** One entry of the allowed set. */
export interface Grant {
  /** A real path. */
  path: string;
  /** A folder grants everything under it; a file grants itself. */
  scope: 'folder' | 'file';
  /** Why it is allowed, for the log and the UI ("command line", "dialog", "browser", ...). */
  reason: string;
  /** For the target of a link in an allowed folder: the link. Such a file is read, never written. */
  linkedFrom?: string;
}

/** Options of {@link FileAccess}. */
export interface FileAccessOptions {
  /** Whether the UI may widen the set by asking (`access.allow`): under serve, not on the desktop (its dialogs grant). */
  uiGrants: boolean;
  /** Told about every grant after the first ones (serve prints them). */
  onGrant?: (grant: Grant) => void;
  /** The home folder, for the folders the UI may never add (tests pin it). */
  home?: string;
  /** Folders allowed from the start (the data folder, the demo), which need not exist yet. */
  folders?: readonly string[];
}

/** What a read check found. */
export interface CheckedRead {
  real: string;
  type: 'file' | 'folder';
}

/** What a write check found: the real entry to write and whether something is there already. */
export interface CheckedWrite {
  real: string;
  exists: boolean;
}

/** Folders of the system (and their insides) that the browser may never add. */
const SYSTEM_FOLDERS = ['/etc', '/dev', '/proc', '/sys', '/boot', '/root', '/bin', '/sbin', '/usr', '/lib', '/lib32', '/lib64', '/run', '/var/run', '/private/etc', '/System', '/Library'];

/** A hidden folder of the home directory that the browser may still add: the Hugging Face cache. */
const HIDDEN_BUT_DATA = ['.cache/huggingface'];

/** The real path of a grant request, refused when it does not exist. */
async function existing(path: string): Promise<{ real: string; type: 'file' | 'folder' }> {
  const found = await resolveReal(path).catch(() => null);
  if (found === null || found.type === 'missing') throw new FileAccessError('not-found', `${path}: no such file or folder`);
  if (found.type === 'special') throw new FileAccessError('bad-request', `${path}: not a file or a folder`);
  return { real: found.real, type: found.type };
}

/** The allowed set and its checks: see the module comment. */
export class FileAccess {
  private readonly grants: Grant[] = [];
  private readonly home: string;
  private announcing = false;
  /** Resolves once the start-up folders are in the set (resolving real paths takes I/O). */
  private readonly settled: Promise<void>;

  /** The set of `options.folders`; grant more with {@link grant} before serving. */
  constructor(private readonly options: FileAccessOptions) {
    this.home = options.home ?? homedir();
    this.settled = (async () => {
      for (const folder of options.folders ?? []) {
        const found = await resolveReal(folder).catch(() => null);
        if (found !== null && (found.type === 'folder' || found.type === 'missing')) this.grants.push({ path: found.real, scope: 'folder', reason: 'start' });
      }
    })();
  }

  /** Whether the UI may ask to widen the set. */
  get uiGrants(): boolean {
    return this.options.uiGrants;
  }

  /** The allowed set. */
  async list(): Promise<Grant[]> {
    await this.settled;
    return this.grants.map((grant) => ({ ...grant }));
  }

  /** From now on, tell `onGrant` about each new grant (the ones before are the start-up set). */
  announce(): void {
    this.announcing = true;
  }

  /**
   * Allows an existing folder (everything under it) or file. A folder's links to shards elsewhere
   * are allowed with it (a Hugging Face snapshot is a folder of links into `blobs/`): the user named
   * the folder, links and all. Returns the grant.
   */
  async grant(path: string, reason: string, scope?: 'folder' | 'file'): Promise<Grant> {
    await this.settled;
    const { real, type } = await existing(path);
    const grant = this.add({ path: real, scope: scope ?? (type === 'folder' ? 'folder' : 'file'), reason });
    if (type === 'folder' && grant.scope === 'folder') {
      const { links } = await linksUnder(real);
      for (const link of links) if (link.target !== null && !this.allowsRead(link.target)) this.add({ path: link.target, scope: 'file', reason, linkedFrom: link.path });
    }
    return grant;
  }

  /** Allows a folder that may not exist yet (an export's output folder named by a recipe the user gave). */
  async grantFolderToBe(path: string, reason: string): Promise<Grant> {
    await this.settled;
    return this.add({ path: (await resolveReal(path)).real, scope: 'folder', reason });
  }

  /**
   * The UI asks to allow `path` (a folder, or the folder of a file). Refused on the desktop (its
   * native dialogs grant), and for the folders no browser should open: the file system's root, the
   * home folder and those above it, system folders, and hidden folders of the home directory
   * (keys and settings live there), except the Hugging Face cache.
   */
  async allowFromUi(path: string): Promise<Grant> {
    if (!this.options.uiGrants) throw new FileAccessError('forbidden', `${path}: choose files with the dialog; this app does not widen its folders on request`);
    const found = await existing(path);
    const real = found.type === 'folder' ? found.real : (await resolveReal(`${found.real}${sep}..`)).real;
    const why = this.refusalForUi(real);
    if (why !== null) throw new FileAccessError('forbidden', `${real}: the browser may not allow ${why}; start agentmix serve with --allow ${real} if you mean it`, [real]);
    return this.grant(real, 'browser');
  }

  /** Checks that `path` may be read (a file, or a folder with no link out); returns its real path. */
  async checkRead(path: string, what: string): Promise<CheckedRead> {
    await this.settled;
    const found = await resolveReal(path).catch(() => null);
    if (found === null || found.type === 'missing') throw new FileAccessError('not-found', `${what} ${path}: no such file or folder`);
    this.requireAllowed(path, found.real, what);
    if (found.type === 'special') throw new FileAccessError('bad-request', `${what} ${path}: not a regular file (a FIFO, socket or device is never read)`);
    if (found.type === 'folder') {
      const { links, complete } = await linksUnder(found.real);
      if (!complete) throw new FileAccessError('bad-request', `${what} ${path}: too many entries to check; name a smaller folder`);
      const outside = links.filter((link) => link.target !== null && !this.allowsRead(link.target));
      if (outside.length > 0) {
        const first = outside[0];
        throw new FileAccessError('forbidden', `${what} ${path}: ${first.path} links to ${first.target}, outside the allowed folders${outside.length > 1 ? ` (and ${outside.length - 1} more links)` : ''}`, [...new Set(outside.map((link) => link.target as string))]);
      }
    }
    return { real: found.real, type: found.type };
  }

  /**
   * Checks that `path` may be written: its folder is allowed, and the entry there is missing or a
   * regular file (never a link, folder, FIFO or device). The caller checks what kind of file it is.
   */
  async checkWrite(path: string, what: string): Promise<CheckedWrite> {
    await this.settled;
    const target = await resolveWriteTarget(path);
    if (!this.allowsWrite(target.real)) throw new FileAccessError('forbidden', `${what} ${path}: outside the folders this ${this.hostName()} may write (${this.describeSet()})`, [target.real]);
    const hidden = this.hiddenFolderOf(target.real);
    if (hidden !== null) throw new FileAccessError('forbidden', `${what} ${path}: inside the hidden folder ${hidden}; AgentMix never writes into hidden folders of an allowed folder (editors and tools read their settings there), unless that folder is allowed by itself`, [target.real]);
    if (target.type === 'link') throw new FileAccessError('forbidden', `${what} ${path}: is a symbolic link; AgentMix never writes through or over a link`);
    if (target.type === 'folder') throw new FileAccessError('bad-request', `${what} ${path}: is a folder; give a file name`);
    if (target.type === 'special') throw new FileAccessError('bad-request', `${what} ${path}: not a regular file`);
    return { real: target.real, exists: target.type === 'file' };
  }

  /** Whether a real path was granted as a file by itself (a file the user chose or named). */
  async isFileGrant(real: string): Promise<boolean> {
    await this.settled;
    return this.grants.some((grant) => grant.scope === 'file' && grant.path === real && grant.linkedFrom === undefined);
  }

  /** Whether a real path may be read. */
  allowsRead(real: string): boolean {
    return this.grants.some((grant) => (grant.scope === 'folder' ? isInside(real, grant.path) : grant.path === real));
  }

  private allowsWrite(real: string): boolean {
    return this.grants.some((grant) => (grant.scope === 'folder' ? isInside(real, grant.path) && real !== grant.path : grant.path === real && grant.linkedFrom === undefined));
  }

  /**
   * The first hidden folder (`.vscode`, `.git`, ...) between the allowed folder and a file to write,
   * or null when some grant reaches the file without one: a task or hook file written there would
   * run when an editor or tool opens the folder.
   */
  private hiddenFolderOf(real: string): string | null {
    let first: string | null = null;
    for (const grant of this.grants) {
      if (grant.scope === 'file') {
        if (grant.path === real && grant.linkedFrom === undefined) return null;
        continue;
      }
      if (!isInside(real, grant.path) || real === grant.path) continue;
      const between = relative(grant.path, dirname(real)).split(sep);
      const index = between.findIndex((segment) => segment.startsWith('.'));
      if (index < 0) return null;
      first ??= `${grant.path}${sep}${between.slice(0, index + 1).join(sep)}`;
    }
    return first;
  }

  private requireAllowed(path: string, real: string, what: string): void {
    if (this.allowsRead(real)) return;
    const shown = real === path ? path : `${path} (really ${real})`;
    throw new FileAccessError('forbidden', `${what} ${shown}: outside the folders this ${this.hostName()} may read (${this.describeSet()})`, [real]);
  }

  private hostName(): string {
    return this.options.uiGrants ? 'server' : 'app';
  }

  /** How to widen the set, for error messages. */
  private describeSet(): string {
    return this.options.uiGrants ? 'allow its folder in the browser, or start agentmix serve with --allow DIR' : 'choose it with the dialog';
  }

  private add(grant: Grant): Grant {
    const known = this.grants.find((other) => other.path === grant.path && other.scope === grant.scope);
    if (known !== undefined) return known;
    this.grants.push(grant);
    if (this.announcing) this.options.onGrant?.(grant);
    return grant;
  }

  private refusalForUi(real: string): string | null {
    if (isRoot(real)) return 'the root of the file system';
    if (isInside(this.home, real)) return 'the home folder or a folder holding it';
    if (SYSTEM_FOLDERS.some((folder) => isInside(real, folder))) return 'a system folder';
    const windows = process.env['SystemRoot'];
    if (windows && isInside(real.toLowerCase(), windows.toLowerCase())) return 'a system folder';
    if (isInside(real, this.home)) {
      const inHome = relative(this.home, real).split(sep);
      const hidden = inHome.some((segment) => segment.startsWith('.'));
      if (hidden && !HIDDEN_BUT_DATA.some((data) => isInside(real, `${this.home}${sep}${data.split('/').join(sep)}`))) return 'a hidden folder of the home directory (keys and settings live there)';
    }
    return null;
  }
}
