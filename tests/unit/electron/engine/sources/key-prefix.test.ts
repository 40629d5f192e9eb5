import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../../electron/engine/engine';
import { keyPrefixOf } from '../../../../../electron/engine/sources/open-source';

/**
 * A record key is `<prefix>:<rest>`, split at its first colon and sorted as prefix then rest
 * (api/key-sort.ts): a source's prefix must hold no colon. It is made in one place, from the hex
 * SHA-256 of the source's bytes, and anything else is refused there.
 */
describe('key prefixes', () => {
  const engine = new Engine({ workers: 1 });
  afterAll(() => engine.dispose());

  it('are the first 8 hex digits of the hash, or nothing for a file with no hash; anything else is refused', () => {
    expect(keyPrefixOf('0123abcdef'.repeat(6) + '0123')).toBe('0123abcd');
    expect(keyPrefixOf('')).toBe('');
    for (const hash of ['ab:cdef0123', 'ABCDEF0123', 'abc', '0123456g']) expect(() => keyPrefixOf(hash), hash).toThrow(/must be a hex digest/);
  });

  it('of every kind of source opened hold no colon: JSONL, JSON, empty, not JSON', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'agentmix-key-prefix-'));
    const conversation = { id: 'a:b', conversations: [{ from: 'human', value: 'Hi: there' }, { from: 'gpt', value: 'Hello.' }] };
    const files = {
      'shard.jsonl': `${JSON.stringify(conversation)}\n`,
      'shard.json': JSON.stringify([conversation]),
      'empty.jsonl': '',
      'not-json.jsonl': 'key: value\n',
    };
    for (const [name, text] of Object.entries(files)) writeFileSync(join(folder, name), text);
    const opened = await engine.openSources(Object.keys(files).map((name) => join(folder, name)));
    expect(opened).toHaveLength(4);
    for (const info of opened) expect(info.keyPrefix, info.path).toMatch(/^([0-9a-f]{8})?$/);
    expect(opened.filter((info) => info.records > 0).every((info) => info.keyPrefix === info.hash.slice(0, 8) && info.keyPrefix.length === 8)).toBe(true);
  });
});
