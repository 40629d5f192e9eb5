import { Dexie, type EntityTable } from 'dexie';
import type { ReviewStatus } from '../../../shared/api/review';

/**
 * The review, stored in the browser's IndexedDB through Dexie (docs/ARCHITECTURE.md, "Review").
 * Decisions belong to record keys, which start with the source's content-hash prefix, so a changed
 * file never inherits stale decisions; `sourcePath` lets the UI say when that happened.
 */

/** One decision on one record. */
export interface Decision {
  key: string;
  /** The part of the key before `:`: the source's content-hash prefix. */
  keyPrefix: string;
  /** The file the record came from when the decision was made, or null (loaded from a review file). */
  sourcePath: string | null;
  status: Exclude<ReviewStatus, 'unreviewed'>;
  reason?: string;
  note?: string;
  /** The whole edited record in its own format. */
  edited?: Record<string, unknown>;
  by: string;
  /** ISO 8601 time of the decision. */
  at: string;
}

/** One change of one key inside a history step: the decision before and after (null: none). */
export interface DecisionChange {
  key: string;
  before: Decision | null;
  after: Decision | null;
}

/** One undoable step: a single decision, a bulk action, a loaded review file. */
export interface HistoryStep {
  seq?: number;
  label: string;
  changes: DecisionChange[];
  /** 1 once undone (and redoable); new steps delete the undone ones. */
  undone: 0 | 1;
  at: string;
}

/** A saved UI setting (column choice, panel sizes). */
export interface Setting {
  name: string;
  value: unknown;
}

/** The database. */
export class ReviewDatabase extends Dexie {
  decisions!: EntityTable<Decision, 'key'>;
  history!: EntityTable<HistoryStep, 'seq'>;
  settings!: EntityTable<Setting, 'name'>;

  /** Opens (or creates) the database called `name`. */
  constructor(name = 'agentmix-review') {
    super(name);
    this.version(1).stores({
      decisions: '&key, keyPrefix, sourcePath, status',
      history: '++seq, undone',
      settings: '&name',
    });
  }
}
