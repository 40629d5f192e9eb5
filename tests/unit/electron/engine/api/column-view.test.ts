import { copyFileSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { adaptEngine } from '../../../../../electron/engine/api/engine-adapter';
import type { EnginePort } from '../../../../../electron/engine/api/engine-port';
import type { ViewQuery } from '../../../../../electron/engine/api/record-view';
import { baseName, RecordViews } from '../../../../../electron/engine/api/record-views';
import { ReviewMirror } from '../../../../../electron/engine/api/review-mirror';
import { recordsOfRows } from '../../../../../electron/engine/api/run-rows';
import { Engine } from '../../../../../electron/engine/engine';
import { Xoshiro128StarStar } from '../../../../../shared/mix/random';
import { REPO_ROOT } from '../../../../helpers/data';

/**
 * Views computed column by column (column-view.ts) against the same views computed from every
 * row's summary (record-view.ts), on two generated shards whose ids and previews hold what the
 * byte paths must get right: case, characters past ASCII whose lower case changes length or
 * depends on context, characters on both sides of U+FFFF (UTF-8 and UTF-16 order them apart),
 * repeated, missing and '#' ids (keys by ordinal), and many ties.
 */

const ID_PARTS = ['desk', 'Desk', 'DESK', 'é', 'É', '名前', '🙂', '\ue000', '𝒜', 'İ', 'ß', 'Σ', 'a', 'B', '#', '_', '0', '9', ':', '\n', 'F:'];
const WORDS = ['Alpha', 'beta', 'GAMMA', 'İstanbul', 'Straße', 'ΟΔΟΣ', 'café', '名前は', 'emoji🙂', '\ue001x', '𝒜bc', 'desk', 'DESK_1', 'shell', 'a:b', 'line\nbreak', 'Σ\n'];

function pick<T>(random: Xoshiro128StarStar, items: readonly T[]): T {
  return items[random.nextBelow(items.length)];
}

/** One ShareGPT record: an id made of parts (or none, or a repeat), a preview of words, 2 or 4 turns. */
function record(random: Xoshiro128StarStar, ordinal: number, earlier: string[]): string {
  const roll = random.nextBelow(20);
  let id: string | undefined;
  if (roll === 0) id = undefined;
  else if (roll === 1 && earlier.length > 0) id = pick(random, earlier);
  else {
    const parts = 1 + random.nextBelow(3);
    id = Array.from({ length: parts }, () => pick(random, ID_PARTS)).join('') + (random.nextBelow(3) === 0 ? '' : String(ordinal % 37));
  }
  if (id !== undefined) earlier.push(id);
  const words = Array.from({ length: 1 + random.nextBelow(6) }, () => pick(random, WORDS)).join(' ');
  const turns = 2 + 2 * random.nextBelow(2);
  const conversations = Array.from({ length: turns }, (_, turn) => ({ from: turn % 2 === 0 ? 'human' : 'gpt', value: turn === 0 ? words : 'An answer.' }));
  return JSON.stringify(id === undefined ? { conversations } : { id, conversations });
}

function shard(folder: string, name: string, count: number, seed: number): string {
  const random = Xoshiro128StarStar.fromSeed(seed);
  const earlier: string[] = [];
  const path = join(folder, name);
  writeFileSync(path, Array.from({ length: count }, (_, ordinal) => record(random, ordinal, earlier)).join('\n') + '\n');
  return path;
}

const engine = new Engine({ workers: 1 });
afterAll(() => engine.dispose());
let port: EnginePort;
const review = new ReviewMirror();

beforeAll(async () => {
  const folder = mkdtempSync(join(tmpdir(), 'agentmix-column-view-'));
  await engine.openSources([shard(folder, 'First.jsonl', 1500, 7)], { task: 'os' });
  await engine.openSources([shard(folder, 'second-Ü.jsonl', 1200, 8)]);
  port = adaptEngine(engine);
  const keys = Array.from({ length: port.rowCount() }, (_, row) => port.row(row).key);
  review.apply(keys.filter((_key, row) => row % 7 === 3).map((key, index) => ({ key, status: (['accepted', 'rejected', 'edited'] as const)[index % 3] })), false);
});

/** The rows of a view computed both ways (on `over`, the first shards' engine by default). */
function bothWays(query: Partial<ViewQuery>, over: EnginePort = port, decisions: ReviewMirror = review): { columns: number[]; rows: number[] } {
  const full: ViewQuery = { sort: [], filters: [], search: '', ...query };
  const byColumns = new RecordViews(over, decisions);
  const { columns: _columns, ...withoutColumns } = over;
  const byRows = new RecordViews(withoutColumns as EnginePort, decisions);
  byColumns.invalidate();
  byRows.invalidate();
  return { columns: [...(byColumns.resolve(full) ?? [])], rows: [...(byRows.resolve(full) ?? [])] };
}

describe('views computed column by column', () => {
  it('has the shards it means to test: keys by ordinal, ties, text past ASCII', () => {
    expect(port.rowCount()).toBe(2700);
    const keys = Array.from({ length: port.rowCount() }, (_, row) => port.row(row).key);
    expect(keys.some((key) => key.includes(':#'))).toBe(true);
    expect(keys.some((key) => key.includes('🙂'))).toBe(true);
  });

  const sorts: ViewQuery['sort'][] = [];
  for (const column of ['position', 'key', 'source', 'id', 'task', 'turns', 'tokens', 'chars', 'reward', 'verdict', 'duplicateCluster', 'leakageScore', 'review'] as const) {
    for (const direction of ['asc', 'desc'] as const) sorts.push([{ column, direction }]);
  }
  sorts.push([{ column: 'turns', direction: 'desc' }, { column: 'id', direction: 'asc' }]);
  sorts.push([{ column: 'source', direction: 'desc' }, { column: 'task', direction: 'asc' }, { column: 'id', direction: 'desc' }]);
  sorts.push([{ column: 'review', direction: 'asc' }, { column: 'turns', direction: 'asc' }]);
  it.each(sorts.map((sort) => [sort.map((entry) => `${entry.column} ${entry.direction}`).join(', '), sort] as const))('sorts by %s as the summaries do, ties in index order', (_name, sort) => {
    const { columns, rows } = bothWays({ sort });
    expect(columns.length).toBe(2700);
    expect(columns).toEqual(rows);
  });

  const searches = ['desk', 'DESK', 'Desk_1', 'é', 'É', 'i̇', 'istanbul', 'straße', 'οδος', 'ς', '名前', '🙂', '\ue000', '𝒜', '#1', '#', '1', 'os', 'first', 'ü', 'second-ü', 'a:b', 'n\nAn', ':', 'no such text'];
  it.each(searches)('searches for %j as the summaries do', (search) => {
    const { columns, rows } = bothWays({ search });
    expect(columns).toEqual(rows);
  });

  it('searches for random needles with colons and line breaks, across the fields, as the summaries do', () => {
    const random = Xoshiro128StarStar.fromSeed(14);
    const names = new Map(port.listSources().map((source) => [source.sourceId, baseName(source.path)]));
    // Each row's search text, as the summaries build it (record-view.ts).
    const texts = Array.from({ length: port.rowCount() }, (_, row) => {
      const { key, id, task, sourceId, firstUserText } = port.row(row);
      return `${key}\n${id ?? ''}\n${task ?? ''}\n${names.get(sourceId)}\n${firstUserText.slice(0, 300)}`;
    });
    const scatter = (text: string): string => [...text].map((char) => (random.nextBelow(3) === 0 ? char.toUpperCase() : char)).join('');
    const needles: string[] = [];
    while (needles.length < 150) {
      // A piece of a row's text around one of its colons or line breaks, up to 40 characters either side.
      const text = texts[random.nextBelow(texts.length)];
      const separators = [...text.matchAll(/[:\n]/g)].map((match) => match.index);
      const at = separators[random.nextBelow(separators.length)];
      const piece = text.slice(Math.max(0, at - random.nextBelow(40)), at + 1 + random.nextBelow(40));
      if (piece.trim().includes(':') || piece.trim().includes('\n')) needles.push(random.nextBelow(2) === 0 ? scatter(piece) : piece);
    }
    // And short ones of separators and letters that near-miss.
    const letters = [':', '\n', '#', '1', 'a', 'f', 'é', 'σ', 'ς', 'Σ', 'k', 'o', 'l'];
    while (needles.length < 250) {
      const needle = Array.from({ length: 2 + random.nextBelow(4) }, () => pick(random, letters)).join('');
      if (needle.trim().includes(':') || needle.trim().includes('\n')) needles.push(needle);
    }
    let found = 0;
    for (const search of needles) {
      const { columns, rows } = bothWays({ search });
      expect(columns, JSON.stringify(search)).toEqual(rows);
      if (rows.length > 0) found++;
    }
    expect(found).toBeGreaterThan(150);
  });

  it('searches a key\'s hash prefix, with and without its colon', () => {
    const key = port.row(0).key;
    const prefix = key.slice(0, key.indexOf(':'));
    for (const search of [prefix.slice(2, 6), `${prefix.slice(4)}:`]) {
      const { columns, rows } = bothWays({ search });
      expect(columns.length).toBe(1500);
      expect(columns).toEqual(rows);
    }
  });

  const filters: ViewQuery['filters'][] = [
    [{ kind: 'text', column: 'id', operator: 'contains', value: 'DESK' }],
    [{ kind: 'text', column: 'id', operator: 'startsWith', value: 'é' }],
    [{ kind: 'text', column: 'id', operator: 'equals', value: 'a1' }],
    [{ kind: 'text', column: 'id', operator: 'blank', value: '' }],
    [{ kind: 'text', column: 'id', operator: 'notBlank', value: '' }],
    [{ kind: 'text', column: 'key', operator: 'contains', value: '#' }],
    [{ kind: 'text', column: 'task', operator: 'equals', value: 'OS' }],
    [{ kind: 'text', column: 'task', operator: 'blank', value: '' }],
    [{ kind: 'text', column: 'source', operator: 'endsWith', value: 'Ü.JSONL' }],
    [{ kind: 'text', column: 'verdict', operator: 'blank', value: '' }],
    [{ kind: 'number', column: 'turns', operator: 'greaterThan', value: 2, valueTo: null }],
    [{ kind: 'number', column: 'chars', operator: 'inRange', value: 20, valueTo: 40 }],
    [{ kind: 'number', column: 'reward', operator: 'blank', value: null, valueTo: null }],
    [{ kind: 'number', column: 'tokens', operator: 'notBlank', value: null, valueTo: null }],
    [{ kind: 'review', column: 'review', values: ['accepted', 'edited'] }],
    [{ kind: 'review', column: 'review', values: ['unreviewed'] }, { kind: 'number', column: 'turns', operator: 'equals', value: 4, valueTo: null }],
  ];
  it.each(filters.map((filter) => [JSON.stringify(filter), filter] as const))('filters by %s as the summaries do', (_name, filter) => {
    const { columns, rows } = bothWays({ filters: filter });
    expect(columns).toEqual(rows);
  });

  it('combines a search, filters and a sort as the summaries do', () => {
    const query: Partial<ViewQuery> = {
      search: 'e',
      filters: [{ kind: 'number', column: 'turns', operator: 'lessThan', value: 4, valueTo: null }, { kind: 'review', column: 'review', values: ['unreviewed', 'rejected'] }],
      sort: [{ column: 'id', direction: 'desc' }, { column: 'chars', direction: 'asc' }],
    };
    const { columns, rows } = bothWays(query);
    expect(columns.length).toBeGreaterThan(100);
    expect(columns).toEqual(rows);
  });
});

/**
 * The last pipeline run's columns (verdict, tokens, cluster, leakage), read through the run's
 * record of each row (run-rows.ts), against the summaries' lookups by key: the demo recipe (every
 * stage drops records: filters, leakage, exact and near dedup), with a generated shard opened
 * before it that the run does not judge and a copy of one of its files opened after it (the same
 * keys, so its rows show the run's verdicts by key); then a threshold move, then the shard closed
 * (the rows move).
 */
describe('views over a pipeline run, column by column', () => {
  const runEngine = new Engine({ workers: 1 });
  afterAll(() => runEngine.dispose());
  let runPort: EnginePort;
  const noReview = new ReviewMirror();
  let extraId = 0;

  const bothWaysOverRun = (query: Partial<ViewQuery>): { columns: number[]; rows: number[] } => bothWays(query, runPort, noReview);

  beforeAll(async () => {
    const folder = mkdtempSync(join(tmpdir(), 'agentmix-column-view-run-'));
    [{ id: extraId }] = await runEngine.openSources([shard(folder, 'before-the-run.jsonl', 300, 9)]);
    runPort = adaptEngine(runEngine);
    await runPort.openRecipe(join(REPO_ROOT, 'resources/samples/agentbench.recipe.json'), {});
    await runPort.runPipeline({});
    const copy = join(folder, 'openai-copy.jsonl');
    copyFileSync(join(REPO_ROOT, 'resources/samples/general/openai.jsonl'), copy);
    await runEngine.openSources([copy]);
  }, 120_000);

  it('maps rows to records as the keys do, by offset where the sources line up', () => {
    const run = runEngine.pipeline!;
    const index = runPort.columns!();
    const sources = runPort.listSources().map((source) => ({ sourceId: source.sourceId, keyPrefix: source.keyPrefix, records: source.records }));
    const stats = { byOffset: 0, byKey: 0 };
    const records = recordsOfRows(runPort.rowCount(), index.index, sources, { count: run.count, sources: run.measured.sources, recordOfKey: (key) => run.recordOfKey(key) }, stats);
    const byKey = Array.from({ length: runPort.rowCount() }, (_, row) => run.recordOfKey(runEngine.keyOf(row)));
    expect([...records]).toEqual(byKey);
    expect(stats.byOffset).toBe(run.count);
    expect(stats.byKey).toBe(runPort.rowCount() - run.count);
    // The shard before the run is not judged; the copy after it has the run's keys.
    expect(byKey.slice(0, 300).every((record) => record === -1)).toBe(true);
    expect(byKey.slice(300 + run.count).every((record) => record >= 0)).toBe(true);
  });

  it('has the verdicts it means to test: kept, dropped by every stage, clusters, leakage, rows without verdicts', () => {
    const texts = new Set(Array.from({ length: runPort.rowCount() }, (_, row) => runPort.verdicts.verdictOf(runPort.row(row).key)?.reason?.split(' ')[0] ?? 'none'));
    expect(texts.size).toBeGreaterThan(4);
    const verdicts = Array.from({ length: runPort.rowCount() }, (_, row) => runEngine.verdictOf(row));
    expect(verdicts.some((line) => line === null)).toBe(true);
    for (const stage of ['filter', 'leakage', 'dedup']) expect(verdicts.some((line) => line !== null && !line.kept && line.reasons[0]?.stage === stage), stage).toBe(true);
    expect(verdicts.some((line) => line?.cluster !== undefined)).toBe(true);
    expect(verdicts.some((line) => (line?.scores.leakage ?? 0) > 0)).toBe(true);
  });

  const sorts: ViewQuery['sort'][] = [];
  for (const column of ['verdict', 'tokens', 'duplicateCluster', 'leakageScore', 'key'] as const) {
    for (const direction of ['asc', 'desc'] as const) sorts.push([{ column, direction }]);
  }
  sorts.push([{ column: 'verdict', direction: 'desc' }, { column: 'tokens', direction: 'asc' }]);
  sorts.push([{ column: 'leakageScore', direction: 'desc' }, { column: 'key', direction: 'asc' }]);
  sorts.push([{ column: 'duplicateCluster', direction: 'asc' }, { column: 'verdict', direction: 'asc' }]);
  const filters: ViewQuery['filters'][] = [
    [{ kind: 'text', column: 'verdict', operator: 'contains', value: 'DROPPED' }],
    [{ kind: 'text', column: 'verdict', operator: 'equals', value: 'kept' }],
    [{ kind: 'text', column: 'verdict', operator: 'startsWith', value: 'dropped: near' }],
    [{ kind: 'text', column: 'verdict', operator: 'notContains', value: 'duplicate' }],
    [{ kind: 'text', column: 'verdict', operator: 'blank', value: '' }],
    [{ kind: 'text', column: 'verdict', operator: 'notBlank', value: '' }],
    [{ kind: 'text', column: 'key', operator: 'contains', value: ':#' }],
    [{ kind: 'number', column: 'tokens', operator: 'greaterThan', value: 300, valueTo: null }],
    [{ kind: 'number', column: 'tokens', operator: 'blank', value: null, valueTo: null }],
    [{ kind: 'number', column: 'duplicateCluster', operator: 'notBlank', value: null, valueTo: null }],
    [{ kind: 'number', column: 'leakageScore', operator: 'greaterThan', value: 0, valueTo: null }],
    [{ kind: 'number', column: 'leakageScore', operator: 'equals', value: 0, valueTo: null }, { kind: 'text', column: 'verdict', operator: 'contains', value: 'dropped' }],
  ];

  function checkEveryView(): void {
    for (const sort of sorts) {
      const { columns, rows } = bothWaysOverRun({ sort });
      expect(columns.length, JSON.stringify(sort)).toBe(runPort.rowCount());
      expect(columns, JSON.stringify(sort)).toEqual(rows);
    }
    for (const filter of filters) {
      const { columns, rows } = bothWaysOverRun({ filters: filter, sort: [{ column: 'tokens', direction: 'desc' }] });
      expect(columns, JSON.stringify(filter)).toEqual(rows);
    }
  }

  it('sorts and filters by the run\'s columns as the summaries do, ties in index order', () => {
    checkEveryView();
    expect(bothWaysOverRun({ filters: filters[0] }).columns.length).toBeGreaterThan(10);
  });

  it('follows a threshold move, and sources closed after the run', () => {
    const run = runEngine.pipeline!;
    const views = new RecordViews(runPort, noReview);
    views.invalidate();
    const dropped = (): number => views.resolve({ sort: [], filters: filters[0], search: '' })!.length;
    const before = dropped();
    run.rejudge({ ...run.recipe, filters: { ...run.recipe.filters, length: { ...run.recipe.filters.length, maxTokens: 300 } } });
    expect(dropped()).toBeGreaterThan(before);
    checkEveryView();
    runEngine.closeSource(extraId);
    views.invalidate();
    expect(views.resolve({ sort: [], filters: filters[4], search: '' })!.length).toBe(0);
    checkEveryView();
  });
});
