import 'fake-indexeddb/auto';
import { afterEach, describe, expect, it } from 'vitest';
import { ReviewDatabase } from '../../../../renderer/src/db/review-db';
import { fromReviewLine, keyPrefixOf, ReviewStore, toReviewLine } from '../../../../renderer/src/db/review-store';
import { parseReviewFile } from '../../../../shared/review/parse-review-file';

let counter = 0;
const opened: ReviewDatabase[] = [];

function makeStore(name = `test-${counter++}`): ReviewStore {
  const db = new ReviewDatabase(name);
  opened.push(db);
  let tick = 0;
  return new ReviewStore(db, 'tester', () => new Date(Date.UTC(2025, 0, 1, 0, 0, tick++)));
}

afterEach(async () => {
  for (const db of opened.splice(0)) db.close();
});

describe('ReviewStore', () => {
  it('stores decisions with their source path and undoes and redoes them in order', async () => {
    const store = makeStore();
    await store.decide(['ab12cd34:os_1'], { status: 'accepted', sourcePath: null }, 'Accept', () => '/data/os.json');
    await store.decide(['ab12cd34:os_2'], { status: 'rejected', reason: 'bad format', note: 'no Act: line', sourcePath: null }, 'Reject');
    expect(await store.all()).toEqual([
      expect.objectContaining({ key: 'ab12cd34:os_1', keyPrefix: 'ab12cd34', sourcePath: '/data/os.json', status: 'accepted', by: 'tester' }),
      expect.objectContaining({ key: 'ab12cd34:os_2', status: 'rejected', reason: 'bad format' }),
    ]);
    expect(await store.historyDepth()).toEqual({ undo: 2, redo: 0 });

    expect((await store.undo())?.label).toBe('Reject');
    expect((await store.all()).map((decision) => decision.key)).toEqual(['ab12cd34:os_1']);
    expect((await store.undo())?.label).toBe('Accept');
    expect(await store.all()).toEqual([]);
    expect(await store.undo()).toBeNull();

    expect((await store.redo())?.label).toBe('Accept');
    expect((await store.redo())?.label).toBe('Reject');
    expect(await store.redo()).toBeNull();
    expect(await store.all()).toHaveLength(2);
  });

  it('drops the redo branch when a new decision is made after an undo', async () => {
    const store = makeStore();
    await store.decide(['k:1'], { status: 'accepted', sourcePath: null }, 'A');
    await store.decide(['k:2'], { status: 'accepted', sourcePath: null }, 'B');
    await store.undo();
    await store.decide(['k:3'], { status: 'rejected', sourcePath: null }, 'C');
    expect(await store.historyDepth()).toEqual({ undo: 2, redo: 0 });
    expect(await store.redo()).toBeNull();
    expect((await store.all()).map((decision) => decision.key)).toEqual(['k:1', 'k:3']);
  });

  it('applies a bulk action as one step, skipping keys it would not change', async () => {
    const store = makeStore();
    const changes = await store.decide(['k:1', 'k:2', 'k:3'], { status: 'rejected', reason: 'duplicate', sourcePath: null }, 'Reject 3');
    expect(changes).toHaveLength(3);
    expect(await store.decide(['k:9'], null, 'Clear')).toEqual([]);
    await store.undo();
    expect(await store.all()).toEqual([]);
  });

  it('keeps history and decisions across a reopen of the database (a page reload)', async () => {
    const name = `reload-${counter++}`;
    const first = makeStore(name);
    await first.decide(['k:1'], { status: 'edited', edited: { id: 'os_1', conversations: [] }, sourcePath: null }, 'Edit');
    first.db.close();
    const second = makeStore(name);
    expect(await second.all()).toEqual([expect.objectContaining({ key: 'k:1', status: 'edited', edited: { id: 'os_1', conversations: [] } })]);
    expect((await second.undo())?.label).toBe('Edit');
    expect(await second.all()).toEqual([]);
  });

  it('tells listeners what changed, after it is stored', async () => {
    const store = makeStore();
    const seen: string[] = [];
    store.subscribe((changes) => seen.push(...changes.map((change) => `${change.key}:${change.after?.status ?? 'none'}`)));
    await store.decide(['k:1'], { status: 'accepted', sourcePath: null }, 'A');
    await store.undo();
    expect(seen).toEqual(['k:1:accepted', 'k:1:none']);
  });

  it('saves lines the shared review-file parser reads back, and loads them (later lines win)', async () => {
    const store = makeStore();
    await store.decide(['k:2'], { status: 'rejected', reason: 'unsafe', note: '<script>alert(1)</script>', edited: { x: 1 }, sourcePath: null }, 'R');
    await store.decide(['k:1'], { status: 'edited', edited: { id: 'a', conversations: [] }, sourcePath: null }, 'E');
    const lines = await store.reviewLines();
    expect(lines.map((line) => line.key)).toEqual(['k:1', 'k:2']);
    expect(lines[1]).not.toHaveProperty('edited');
    const text = lines.map((line) => JSON.stringify(line)).join('\n');
    const parsed = parseReviewFile(text, 'review.jsonl');
    expect(parsed.problems).toEqual([]);
    expect(parsed.entries.map(({ file: _file, line: _line, ...rest }) => rest)).toEqual(lines);

    const other = makeStore();
    await other.load([...lines, { ...lines[0], decision: 'reject', reason: 'other' }], 'Load review.jsonl');
    expect(await other.all()).toEqual([expect.objectContaining({ key: 'k:1', status: 'rejected', reason: 'other' }), expect.objectContaining({ key: 'k:2', status: 'rejected' })]);
    await other.undo();
    expect(await other.all()).toEqual([]);
  });

  it('converts between decisions and lines without losing fields', () => {
    const line = { key: 'ab:os_1', decision: 'accept' as const, note: 'fine', edited: { id: 'os_1' }, by: 'a', at: '2025-01-01T00:00:00.000Z' };
    expect(fromReviewLine(line)).toMatchObject({ keyPrefix: 'ab', status: 'edited' });
    expect(toReviewLine(fromReviewLine(line))).toEqual(line);
    expect(keyPrefixOf('ab12:#7')).toBe('ab12');
  });
});
