import type { Format } from '../../../shared/formats/types';
import { FileAccess } from '../access/file-access';
import type { EnginePort } from './engine-port';
import type { EventSink } from './event-sink';
import { JobTracker, type TestHold } from './job-tracker';
import { RecordViews } from './record-views';
import { ReviewMirror } from './review-mirror';

/** Native dialogs, which only the desktop shell can show (the engine host asks the shell for them: electron/host/engine-host.ts). */
export interface NativeDialogs {
  openFiles(options: { title?: string; filters?: { name: string; extensions: string[] }[]; multiple: boolean }): Promise<string[]>;
  saveFile(options: { title?: string; defaultPath?: string; filters?: { name: string; extensions: string[] }[] }): Promise<string | null>;
  /** Shows an existing file (an absolute path the handler has checked) in the file manager; may return a promise, which the handler awaits. */
  reveal(path: string): void;
}

/** What a host (the Electron shell or `agentmix serve`) tells the handlers about itself. */
export interface HostInfo {
  transport: 'ipc' | 'websocket';
  version: string;
  /** The folder for the app's own files. */
  dataDir: string;
  /** resources/samples, or where the packaged app keeps it. */
  demoDir: string;
  user: string;
  dialogs: NativeDialogs | null;
}

/** Everything the handler modules share. */
export interface ApiServices {
  engine: EnginePort;
  host: HostInfo;
  emit: EventSink;
  jobs: JobTracker;
  review: ReviewMirror;
  views: RecordViews;
  /** Which files the handlers may read and write (docs/security.md, "File access"). */
  access: FileAccess;
  /** The reader/writer of a format by name (shared/formats), or null for a name we do not know. */
  formatOf(name: string): Format | null;
}

/** The file access of a host that sets none: its data folder and the demo; the browser may ask for more under serve. */
export function defaultFileAccess(host: HostInfo): FileAccess {
  return new FileAccess({ uiGrants: host.transport === 'websocket', folders: [host.dataDir, host.demoDir] });
}

/** Builds the services for one host. */
export function createServices(options: { engine: EnginePort; host: HostInfo; emit: EventSink; formatOf: (name: string) => Format | null; access?: FileAccess; testHold?: TestHold | null }): ApiServices {
  const { testHold = null, ...shared } = options;
  const review = new ReviewMirror();
  const views = new RecordViews(options.engine, review);
  views.invalidate();
  return { ...shared, access: options.access ?? defaultFileAccess(options.host), jobs: new JobTracker(options.emit, testHold), review, views };
}
