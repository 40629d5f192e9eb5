import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { buildFixtures } from '../fixtures/build-fixtures';
import { REPO_ROOT } from '../helpers/data';

/** The generated fixtures (tests/fixtures/SOURCES.md) are what their generator writes. */
describe('the generated test fixtures', () => {
  const built = buildFixtures();

  it('are byte for byte what tests/fixtures/generate.ts writes, and nothing else is in their folders', () => {
    const folders = new Set([...built.keys()].map((path) => path.split('/')[0]));
    const onDisk = [...folders].flatMap((folder) => readdirSync(join(REPO_ROOT, 'tests/fixtures', folder)).map((name) => `${folder}/${name}`)).sort();
    expect(onDisk).toEqual([...built.keys()].sort());
    for (const [path, bytes] of built) expect(Buffer.from(readFileSync(join(REPO_ROOT, 'tests/fixtures', path))).equals(Buffer.from(bytes)), path).toBe(true);
  });

  it('are each described in tests/fixtures/SOURCES.md', () => {
    const sources = readFileSync(join(REPO_ROOT, 'tests/fixtures/SOURCES.md'), 'utf8');
    for (const path of built.keys()) expect(sources, path).toContain(`\`${path}\``);
  });
});
