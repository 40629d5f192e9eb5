import { mkdirSync, mkdtempSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectClient, spawnServe, type ServeClient, type SpawnedServe } from './serve-client';

/**
 * The file-access attacks on a real `agentmix serve` (docs/security.md, "File access"): a client
 * holding the token tries to read and write outside the folders serve was started with.
 */

/** A few ShareGPT chats, written here in our own words. */
function chats(count: number): string {
  const records = Array.from({ length: count }, (_, index) => ({
    id: `chat-${index}`,
    conversations: [
      { from: 'human', value: `How do I sort a list of ${index + 2} numbers in Python without changing the original list?` },
      { from: 'gpt', value: `Use sorted(values): it returns a new list of all ${index + 2} items in ascending order and leaves values unchanged.` },
    ],
  }));
  return JSON.stringify(records, null, 2);
}

/** A review line as the UI saves them. */
const REVIEW_LINE = { key: 'abcd1234:chat-1', decision: 'accept', by: 'ana', at: '2024-05-01T10:00:00Z' };

let root: string;
let project: string;
let outside: string;
let dataDir: string;
let serve: SpawnedServe;
let client: ServeClient;

beforeAll(async () => {
  root = realpathSync(mkdtempSync(join(tmpdir(), 'agentmix-serve-files-')));
  project = join(root, 'project');
  outside = join(root, 'outside');
  dataDir = join(root, 'data');
  for (const folder of [project, outside, dataDir]) mkdirSync(folder);
  writeFileSync(join(project, 'chat.json'), chats(4));
  writeFileSync(join(project, 'mix.recipe.json'), JSON.stringify({ sources: [{ path: 'chat.json', role: 'general' }], dedup: { enabled: false }, export: { out: 'out/mix.json' } }));
  writeFileSync(join(outside, 'secret.json'), chats(2));
  writeFileSync(join(outside, 'notes.txt'), 'password=hunter2\nexport TOKEN=abc\n');
  serve = await spawnServe(['--recipe', join(project, 'mix.recipe.json')], { dataDir });
  await serve.waitFor(/Indexed 4 records from 1 sources/);
  client = await connectClient(serve);
}, 60_000);

afterAll(async () => {
  await client?.close();
  expect(await serve?.stop()).toBe(0);
});

/** Expects a refusal of code `code` whose message does not quote `secret`. */
async function refused(name: string, request: unknown, code = 'forbidden', secret = 'hunter2'): Promise<string> {
  const result = await client.call(name, request);
  expect(result.ok, `${name} ${JSON.stringify(request)} was allowed`).toBe(false);
  if (result.ok) return '';
  expect(result.error.code).toBe(code);
  expect(result.error.message).not.toContain(secret);
  return result.error.message;
}

describe('reads outside the allowed folders', () => {
  it('refuses sources.open of /etc/passwd, a `../` escape and a link pointing out', async () => {
    expect(await refused('sources.open', { paths: ['/etc/passwd'] })).toMatch(/shard \/etc\/passwd: outside the folders this server may read/);
    await refused('sources.open', { paths: [`${project}/../outside/secret.json`] });
    const shards = join(dataDir, 'shards');
    mkdirSync(shards);
    writeFileSync(join(shards, 'good.json'), chats(1));
    symlinkSync(join(outside, 'secret.json'), join(shards, 'leak.json'));
    expect(await refused('sources.open', { paths: [join(shards, 'leak.json')] })).toContain(`really ${join(outside, 'secret.json')}`);
    expect(await refused('sources.open', { paths: [shards] })).toMatch(/leak\.json links to .*secret\.json/);
    const sources = await client.value<{ sources: { path: string }[] }>('sources.list', {});
    expect(sources.sources.map((source) => source.path)).toEqual([join(project, 'chat.json')]);
  });

  it('refuses review.read outside, of a device, and never quotes a file in its problems', async () => {
    expect(await refused('review.read', { path: '/etc/passwd' })).toMatch(/review file \/etc\/passwd: outside/);
    await refused('review.read', { path: join(outside, 'notes.txt') });
    await refused('review.read', { path: '/dev/zero' });
    writeFileSync(join(dataDir, 'notes.jsonl'), 'password=hunter2\n{"key": "hunter2"\n');
    const read = await client.value<{ lines: unknown[]; problems: { line: number; message: string }[] }>('review.read', { path: join(dataDir, 'notes.jsonl') });
    expect(read.lines).toEqual([]);
    expect(read.problems.map((problem) => problem.line)).toEqual([1, 2]);
    for (const problem of read.problems) expect(problem.message).not.toMatch(/hunter2|password/);
  });

  it('refuses a recipe in an allowed folder that names files outside', async () => {
    writeFileSync(join(dataDir, 'sneaky.recipe.json'), JSON.stringify({ sources: [{ path: join(outside, 'secret.json'), role: 'general' }] }));
    const message = await refused('recipe.open', { path: join(dataDir, 'sneaky.recipe.json') });
    expect(message).toMatch(/names files outside the allowed folders: sources\.0\.path .*secret\.json/);
  });
});

describe('writes outside the allowed folders, or over the wrong kind of file', () => {
  it('refuses review.write outside, through `../`, to a hidden name or folder, and over a file that is not a review', async () => {
    await refused('review.write', { path: join(outside, 'review.jsonl'), lines: [REVIEW_LINE] });
    await refused('review.write', { path: '../outside/review.jsonl', lines: [REVIEW_LINE] });
    await refused('review.write', { path: join(dataDir, '.bashrc'), lines: [REVIEW_LINE] });
    // An editor runs the tasks of a folder it opens: nothing goes into a hidden folder of an allowed one.
    expect(await refused('review.write', { path: join(project, '.vscode', 'tasks.json'), lines: [REVIEW_LINE] })).toMatch(/hidden folder .*\.vscode/);
    writeFileSync(join(dataDir, 'profile.jsonl'), 'export PATH=$PATH:/opt/bin\n');
    await refused('review.write', { path: join(dataDir, 'profile.jsonl'), lines: [{ ...REVIEW_LINE, key: '$(touch /tmp/owned)' }] });
    expect(readFileSync(join(dataDir, 'profile.jsonl'), 'utf8')).toBe('export PATH=$PATH:/opt/bin\n');
  });

  it('writes a review file in the data folder, and refuses to empty it', async () => {
    const written = await client.value<{ path: string; lines: number }>('review.write', { path: 'review.jsonl', lines: [REVIEW_LINE] });
    expect(written).toMatchObject({ path: join(dataDir, 'review.jsonl'), lines: 1 });
    await refused('review.write', { path: 'review.jsonl', lines: [] }, 'bad-request');
    expect(readFileSync(join(dataDir, 'review.jsonl'), 'utf8')).toBe(`${JSON.stringify(REVIEW_LINE)}\n`);
  });

  it('refuses export.run and recipe.save outside, and over files of another kind', async () => {
    await client.value('pipeline.run', {});
    await refused('export.run', { options: { out: join(outside, 'mix.json') } });
    await refused('export.run', { options: { out: `${project}/../outside/mix.json` } });
    writeFileSync(join(project, 'notes.json'), '{"keep": true}');
    await refused('export.run', { options: { out: join(project, 'notes.json') } });
    expect(readFileSync(join(project, 'notes.json'), 'utf8')).toBe('{"keep": true}');
    // The recipe's own output folder is allowed (the recipe was named on the command line); an export replaces an export.
    const first = await client.value<{ manifestPath: string }>('export.run', { options: {} });
    expect(first.manifestPath).toBe(join(project, 'out/mix.json.manifest.json'));
    await client.value('export.run', { options: {} });

    await refused('recipe.save', { path: join(outside, 'mix.recipe.json') });
    await refused('recipe.save', { path: join(project, 'notes.json') });
    await refused('recipe.save', { path: join(project, '.vscode', 'settings.json') });
    await refused('export.run', { options: { out: join(project, '.vscode', 'tasks.json') } });
    await expect(client.value('recipe.save', { path: join(project, 'saved.recipe.json') })).resolves.toEqual({ path: join(project, 'saved.recipe.json') });
  });
});

describe('widening the set', () => {
  it('refuses to add the root or a system folder, and adds a folder the user asks for, saying so on stdout', async () => {
    await refused('access.allow', { paths: ['/'] });
    await refused('access.allow', { paths: ['/etc'] });
    const allowed = await client.value<{ allowed: { path: string }[] }>('access.allow', { paths: [join(outside, 'secret.json')] });
    expect(allowed.allowed.map((grant) => grant.path)).toEqual([outside]);
    await serve.waitFor(new RegExp(`Allowed ${outside} \\(asked by the browser\\)`));
    await expect(client.value('sources.open', { paths: [join(outside, 'secret.json')] })).resolves.toMatchObject({ opened: [expect.any(Number)] });
  });

  it('has no native dialogs to grant with', async () => {
    await expect(client.value('dialogs.openFiles', {})).resolves.toEqual({ supported: false, paths: [] });
  });
});
