import type { ReviewLine } from '../../../shared/review/review-line';
import type { Decision, DecisionChange, HistoryStep, ReviewDatabase } from './review-db';

/** What a review action sets on a record: a status and its details, or null to clear the decision. */
export type DecisionInput = Omit<Decision, 'key' | 'keyPrefix' | 'by' | 'at'> | null;

/** The hash prefix of a record key (`<prefix>:<id or #ordinal>`). */
export function keyPrefixOf(key: string): string {
  const colon = key.indexOf(':');
  return colon === -1 ? key : key.slice(0, colon);
}

/** Converts a decision to a review-file line (docs/recipe.md, "Review files"). */
export function toReviewLine(decision: Decision): ReviewLine {
  return {
    key: decision.key,
    decision: decision.status === 'rejected' ? 'reject' : 'accept',
    ...(decision.reason !== undefined ? { reason: decision.reason } : {}),
    ...(decision.note !== undefined ? { note: decision.note } : {}),
    ...(decision.edited !== undefined && decision.status !== 'rejected' ? { edited: decision.edited } : {}),
    by: decision.by,
    at: decision.at,
  };
}

/** Converts a review-file line to a decision (the source path is unknown). */
export function fromReviewLine(line: ReviewLine): Decision {
  return {
    key: line.key,
    keyPrefix: keyPrefixOf(line.key),
    sourcePath: null,
    status: line.decision === 'reject' ? 'rejected' : line.edited !== undefined ? 'edited' : 'accepted',
    ...(line.reason !== undefined ? { reason: line.reason } : {}),
    ...(line.note !== undefined ? { note: line.note } : {}),
    ...(line.edited !== undefined ? { edited: line.edited } : {}),
    by: line.by,
    at: line.at,
  };
}

/**
 * The review's operations. Every change is one Dexie transaction over the decisions and the
 * history, awaited before the caller moves on, so a decision is on disk before the UI shows the
 * next record; undo and redo walk the persisted history, so they survive a reload too.
 */
export class ReviewStore {
  private readonly listeners = new Set<(changed: DecisionChange[]) => void>();

  /** Wraps an open database; `user` is written as `by`. */
  constructor(
    readonly db: ReviewDatabase,
    private user: string,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Sets the annotator's name for later decisions. */
  setUser(user: string): void {
    this.user = user;
  }

  /** Listens to changes (after they are stored); returns the function that stops listening. */
  subscribe(listener: (changed: DecisionChange[]) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Every decision. */
  async all(): Promise<Decision[]> {
    return this.db.decisions.toArray();
  }

  /**
   * Applies one input to many keys as one undoable step. `sourcePathOf` records where each key came
   * from (for the stale-decision notice). Keys whose decision would not change are left out.
   */
  async decide(keys: readonly string[], input: DecisionInput | ((before: Decision | null) => DecisionInput), label: string, sourcePathOf: (key: string) => string | null = () => null): Promise<DecisionChange[]> {
    const at = this.now().toISOString();
    const changes = await this.db.transaction('rw', this.db.decisions, this.db.history, async () => {
      const befores = await this.db.decisions.bulkGet([...keys]);
      const changes: DecisionChange[] = [];
      keys.forEach((key, index) => {
        const before = befores[index] ?? null;
        const wanted = typeof input === 'function' ? input(before) : input;
        const after: Decision | null = wanted === null ? null : { ...wanted, key, keyPrefix: keyPrefixOf(key), sourcePath: wanted.sourcePath ?? before?.sourcePath ?? sourcePathOf(key), by: this.user, at };
        if (before === null && after === null) return;
        changes.push({ key, before, after });
      });
      if (changes.length === 0) return changes;
      await this.writeAfters(changes);
      await this.db.history.where('undone').equals(1).delete();
      await this.db.history.add({ label, changes, undone: 0, at });
      return changes;
    });
    this.notify(changes);
    return changes;
  }

  /** Undoes the last step; resolves to it, or null when there is nothing to undo. */
  async undo(): Promise<HistoryStep | null> {
    const step = await this.db.transaction('rw', this.db.decisions, this.db.history, async () => {
      const last = await this.db.history.where('undone').equals(0).last();
      if (!last || last.seq === undefined) return null;
      await this.writeAfters(last.changes.map((change) => ({ key: change.key, before: change.after, after: change.before })));
      await this.db.history.update(last.seq, { undone: 1 });
      return last;
    });
    if (step) this.notify(step.changes.map((change) => ({ key: change.key, before: change.after, after: change.before })));
    return step;
  }

  /** Redoes the last undone step; resolves to it, or null when there is nothing to redo. */
  async redo(): Promise<HistoryStep | null> {
    const step = await this.db.transaction('rw', this.db.decisions, this.db.history, async () => {
      const next = await this.db.history.where('undone').equals(1).first();
      if (!next || next.seq === undefined) return null;
      await this.writeAfters(next.changes);
      await this.db.history.update(next.seq, { undone: 0 });
      return next;
    });
    if (step) this.notify(step.changes);
    return step;
  }

  /** How many steps can be undone and redone. */
  async historyDepth(): Promise<{ undo: number; redo: number }> {
    const [undo, redo] = await Promise.all([this.db.history.where('undone').equals(0).count(), this.db.history.where('undone').equals(1).count()]);
    return { undo, redo };
  }

  /** Every decision as review-file lines, in key order (so two saves of one review are identical). */
  async reviewLines(): Promise<ReviewLine[]> {
    return (await this.db.decisions.orderBy('key').toArray()).map(toReviewLine);
  }

  /** Loads review-file lines (later lines win) as one undoable step. */
  async load(lines: readonly ReviewLine[], label: string): Promise<DecisionChange[]> {
    const latest = new Map<string, ReviewLine>();
    for (const line of lines) latest.set(line.key, line);
    const decisions = new Map([...latest.values()].map((line) => [line.key, fromReviewLine(line)]));
    const at = this.now().toISOString();
    const changes = await this.db.transaction('rw', this.db.decisions, this.db.history, async () => {
      const keys = [...decisions.keys()];
      const befores = await this.db.decisions.bulkGet(keys);
      const changes = keys.map((key, index) => ({ key, before: befores[index] ?? null, after: { ...decisions.get(key)!, sourcePath: befores[index]?.sourcePath ?? null } }));
      await this.writeAfters(changes);
      await this.db.history.where('undone').equals(1).delete();
      if (changes.length > 0) await this.db.history.add({ label, changes, undone: 0, at });
      return changes;
    });
    this.notify(changes);
    return changes;
  }

  /** Reads a UI setting. */
  async setting<T>(name: string): Promise<T | undefined> {
    return (await this.db.settings.get(name))?.value as T | undefined;
  }

  /** Saves a UI setting. */
  async saveSetting(name: string, value: unknown): Promise<void> {
    await this.db.settings.put({ name, value });
  }

  private async writeAfters(changes: readonly DecisionChange[]): Promise<void> {
    const puts = changes.flatMap((change) => (change.after ? [change.after] : []));
    const deletes = changes.filter((change) => change.after === null).map((change) => change.key);
    if (puts.length > 0) await this.db.decisions.bulkPut(puts);
    if (deletes.length > 0) await this.db.decisions.bulkDelete(deletes);
  }

  private notify(changes: DecisionChange[]): void {
    if (changes.length === 0) return;
    for (const listener of this.listeners) listener(changes);
  }
}
