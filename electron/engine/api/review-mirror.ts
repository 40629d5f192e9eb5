import type { ReviewStatus } from '../../../shared/api/review';

/**
 * The engine's copy of each record's review status. The review itself lives in the renderer's
 * Dexie store (it owns history and undo); the renderer mirrors statuses here through `review.sync`
 * so that paging can filter and sort by them.
 */
export class ReviewMirror {
  private readonly statuses = new Map<string, ReviewStatus>();
  private changes = 0;

  /** Changes whenever a status changes (views cache on it). */
  get version(): number {
    return this.changes;
  }

  /** The status of a key; `unreviewed` when it has none. */
  statusOf(key: string): ReviewStatus {
    return this.statuses.get(key) ?? 'unreviewed';
  }

  /** Applies statuses; `replace` drops every status not in `entries` first. */
  apply(entries: readonly { key: string; status: ReviewStatus }[], replace: boolean): void {
    if (replace) this.statuses.clear();
    for (const { key, status } of entries) {
      if (status === 'unreviewed') this.statuses.delete(key);
      else this.statuses.set(key, status);
    }
    this.changes++;
  }

  /** The keys with a decision, and their statuses. */
  decisions(): IterableIterator<[string, ReviewStatus]> {
    return this.statuses.entries();
  }

  /** How many keys have a decision. */
  get size(): number {
    return this.statuses.size;
  }
}
