import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, truncateSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Engine } from '../../../../electron/engine/engine';
import { REPO_ROOT } from '../../../helpers/data';
import { describeWithData } from '../../../helpers/with-data';
import { writeAgentMixRecipe } from '../../../helpers/agent-mix';
import { agentmix, agentmixOk, exportFiles, moveFolder } from './shard-helpers';

/**
 * `agentmix run --shard I/N --partial DIR` then `agentmix merge` (docs/scale.md, "Shards") against
 * one `agentmix run`, on the demo set with every stage on: filters, leakage, exact and near dedup,
 * a review file (a reject and an edited accept), the export. The shards of each N run as N
 * processes at once; verdicts and export files must be the same bytes.
 */
const SAMPLES = join(REPO_ROOT, 'resources', 'samples');
/** The copied source's modification time (whole seconds, so that it can be put back exactly). */
const SOURCE_TIME = new Date('2026-01-02T03:04:05Z');

/** Runs the N shards of `recipe` into `folder` as N processes at once. */
async function runShards(recipe: string, count: number, folder: string): Promise<void> {
  const outcomes = await Promise.all(Array.from({ length: count }, (_, index) => agentmixOk(['run', recipe, '--shard', `${index}/${count}`, '--partial', folder, '--workers', '1'])));
  outcomes.forEach((stdout, index) => expect(stdout).toContain(`shard    ${index}/${count}: records`));
}

describe('agentmix run --shard and agentmix merge', () => {
  let work: string;
  let recipe: string;
  let single: { verdicts: string; files: Map<string, string> };
  const parts = (count: number): string => join(work, `parts-${count}`);

  beforeAll(async () => {
    work = mkdtempSync(join(tmpdir(), 'agentmix-shards-'));
    // One source is a copy, so that a test can change it after the shards ran.
    copyFileSync(join(SAMPLES, 'agent', 'agent-runs.jsonl'), join(work, 'agent-runs.jsonl'));
    utimesSync(join(work, 'agent-runs.jsonl'), SOURCE_TIME, SOURCE_TIME);
    const demo = JSON.parse(readFileSync(join(SAMPLES, 'mix-export.recipe.json'), 'utf8')) as Record<string, unknown> & { sources: { path: string }[]; evalSets: { path: string }[] };
    // The copied source is named relative to the recipe, so that the recipe and it can be copied elsewhere together.
    demo.sources = demo.sources.map((source) => ({ ...source, path: source.path === 'agent/agent-runs.jsonl' ? 'agent-runs.jsonl' : join(SAMPLES, source.path) }));
    demo.evalSets = demo.evalSets.map((set) => ({ ...set, path: join(SAMPLES, set.path) }));
    recipe = join(work, 'recipe.json');
    writeFileSync(recipe, JSON.stringify({ ...demo, $schema: undefined, review: 'review.jsonl', export: { format: 'sharegpt', out: 'out/mix.json', datasetName: 'agentmix_mix' } }));

    // The review file: a kept chat rejected, a trajectory accepted with an edit (re-checked by the merge).
    const engine = new Engine({ workers: 1 });
    try {
      const [agent] = await engine.openSources([join(SAMPLES, 'agent', 'agentinstruct.json')], { role: 'agent' });
      const [general] = await engine.openSources([join(SAMPLES, 'general', 'sharegpt.json')], { role: 'general' });
      const records = JSON.parse(readFileSync(join(SAMPLES, 'agent', 'agentinstruct.json'), 'utf8')) as { id: string; conversations: { from: string; value: string }[] }[];
      const chats = JSON.parse(readFileSync(join(SAMPLES, 'general', 'sharegpt.json'), 'utf8')) as { id: string }[];
      const edited = structuredClone(records[1]);
      edited.conversations[edited.conversations.length - 1].value += ' (checked by hand)';
      const at = '2026-12-01T10:00:00Z';
      writeFileSync(
        join(work, 'review.jsonl'),
        `${JSON.stringify({ key: `${general.keyPrefix}:${chats[3].id}`, decision: 'reject', reason: 'off topic', by: 'ana', at })}\n${JSON.stringify({ key: `${agent.keyPrefix}:${edited.id}`, decision: 'accept', edited, by: 'bo', at })}\n`,
      );
    } finally {
      await engine.dispose();
    }

    await Promise.all([1, 2, 3].map((count) => runShards(recipe, count, parts(count))));
    await agentmixOk(['run', recipe, '--verdicts', join(work, 'single.jsonl'), '--workers', '2']);
    moveFolder(join(work, 'out'), join(work, 'out-single'));
    single = { verdicts: readFileSync(join(work, 'single.jsonl'), 'utf8'), files: exportFiles(join(work, 'out-single')) };
  }, 300_000);

  afterAll(() => {
    if (work !== undefined) rmSync(work, { recursive: true, force: true });
  });

  it('runs every stage in the single run it compares with', () => {
    const lines = single.verdicts.trimEnd().split('\n').map((line) => JSON.parse(line) as { reasons: { rule: string }[] });
    expect(lines.length).toBe(463);
    const rules = new Set(lines.flatMap((line) => line.reasons.map((reason) => reason.rule.split('.')[0])));
    for (const stage of ['format', 'reward', 'length', 'repetition', 'leakage', 'dedup', 'review']) expect(rules, stage).toContain(stage);
    const dedup = new Set(lines.flatMap((line) => line.reasons.map((reason) => reason.rule)).filter((rule) => rule.startsWith('dedup.')));
    expect(dedup).toEqual(new Set(['dedup.exact', 'dedup.near']));
    expect([...single.files.keys()]).toEqual(['dataset_info.json', 'mix.json', 'mix.json.axolotl.yaml', 'mix.json.manifest.json', 'mix.validation.json']);
  });

  it.each([1, 2, 3])('merges %i shards into the same verdicts and export bytes', async (count) => {
    const verdicts = join(work, `merged-${count}.jsonl`);
    const stdout = await agentmixOk(['merge', recipe, parts(count), '--verdicts', verdicts, '--workers', '2']);
    expect(stdout).toMatch(/^kept +\d+ of 463/m);
    expect(readFileSync(verdicts, 'utf8')).toBe(single.verdicts);
    const files = exportFiles(join(work, 'out'));
    moveFolder(join(work, 'out'), join(work, `out-merged-${count}`));
    expect(files).toEqual(single.files);
  }, 120_000);

  it('fails the export before writing a file when SOURCE_DATE_EPOCH is malformed, naming it', async () => {
    const out = join(work, 'pinned-badly', 'mix.json');
    const outcome = await agentmix(['merge', recipe, parts(2), '--out', out, '--workers', '1'], { SOURCE_DATE_EPOCH: 'yesterday' });
    expect(outcome.status).toBe(1);
    expect(outcome.stderr).toContain('SOURCE_DATE_EPOCH must be whole seconds since 1970-01-01 UTC (e.g. 1767225600), got "yesterday"');
    expect(existsSync(join(work, 'pinned-badly'))).toBe(false);
  }, 120_000);

  it('refuses a missing slice, a repeated one, and slices of different counts, naming the partials', async () => {
    const gap = join(work, 'gap');
    mkdirSync(gap);
    copyFileSync(join(parts(3), 'part-0-of-3.agentmix-partial'), join(gap, 'part-0-of-3.agentmix-partial'));
    copyFileSync(join(parts(3), 'part-2-of-3.agentmix-partial'), join(gap, 'part-2-of-3.agentmix-partial'));
    // What a shard killed while writing leaves: a temporary file, never read as a partial.
    writeFileSync(join(gap, '.part-1-of-3.agentmix-partial.999999-abcdef.agentmix-tmp'), 'half');
    const twice = join(work, 'twice');
    cpSync(parts(2), twice, { recursive: true });
    copyFileSync(join(parts(2), 'part-0-of-2.agentmix-partial'), join(twice, 'copy-of-0.agentmix-partial'));
    const [missing, repeated, mixed] = await Promise.all([agentmix(['merge', recipe, gap]), agentmix(['merge', recipe, twice]), agentmix(['merge', recipe, parts(2), join(parts(3), 'part-1-of-3.agentmix-partial')])]);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain('missing slice 1/3 (part-1-of-3.agentmix-partial)');
    expect(repeated.status).toBe(2);
    expect(repeated.stderr).toContain(`slice 0/2 is given 2 times: ${join(twice, 'copy-of-0.agentmix-partial')}, ${join(twice, 'part-0-of-2.agentmix-partial')}`);
    expect(mixed.status).toBe(2);
    expect(mixed.stderr).toContain('the partials are slices of different shard counts (2: ');
    expect(mixed.stderr).toContain(`3: ${join(parts(3), 'part-1-of-3.agentmix-partial')}`);
  }, 120_000);

  it('refuses damaged and truncated partials, naming them', async () => {
    const damaged = join(work, 'damaged');
    cpSync(parts(2), damaged, { recursive: true });
    const flipped = join(damaged, 'part-0-of-2.agentmix-partial');
    const bytes = readFileSync(flipped);
    bytes[Math.floor(bytes.length / 2)] ^= 0xff;
    writeFileSync(flipped, bytes);
    const cut = join(damaged, 'part-1-of-2.agentmix-partial');
    truncateSync(cut, statSync(cut).size - 100);
    const outcome = await agentmix(['merge', recipe, damaged]);
    expect(outcome.status).toBe(2);
    expect(outcome.stderr).toContain(`${flipped}: its checksum does not match its content (the file is damaged)`);
    expect(outcome.stderr).toMatch(new RegExp(`${cut.replace(/[.]/g, '\\.')}: truncated: \\d+ bytes where its header describes \\d+`));
  }, 120_000);

  it('refuses partials of another recipe, and of a source that changed since the shards ran', async () => {
    const other = join(work, 'other.recipe.json');
    const changed = JSON.parse(readFileSync(recipe, 'utf8')) as { filters: { length: { maxTokens: number } } };
    changed.filters.length.maxTokens = 2048;
    writeFileSync(other, JSON.stringify(changed));
    const another = await agentmix(['merge', other, parts(2)]);
    expect(another.status).toBe(2);
    expect(another.stderr).toContain(`${join(parts(2), 'part-0-of-2.agentmix-partial')}: it was made from another recipe (${recipe}, recipe fingerprint`);

    // The copied source: the same size, one record's id changed, and then its old time put back.
    const source = join(work, 'agent-runs.jsonl');
    const text = readFileSync(source, 'utf8');
    const id = /"id": ?"([^"]+)"/.exec(text)?.[1] ?? '';
    expect(id.length).toBeGreaterThan(1);
    writeFileSync(source, text.replace(`"${id}"`, `"${id.slice(0, -1)}${id.endsWith('x') ? 'y' : 'x'}"`));
    const newTime = await agentmix(['merge', recipe, parts(2)]);
    utimesSync(source, SOURCE_TIME, SOURCE_TIME);
    const oldTime = await agentmix(['merge', recipe, parts(2)]);
    // The old bytes again, at a new time: the same source.
    writeFileSync(source, text);
    const touched = await agentmix(['merge', recipe, parts(2), '--verdicts', join(work, 'touched.jsonl'), '--workers', '1']);
    utimesSync(source, SOURCE_TIME, SOURCE_TIME);
    expect(newTime.status).toBe(2);
    expect(newTime.stderr).toMatch(new RegExp(`source ${source.replace(/[.]/g, '\\.')} changed since the shard ran: its content differs \\(SHA-256 [0-9a-f]{12} then, [0-9a-f]{12} now\\); modified `));
    expect(oldTime.status).toBe(2);
    expect(oldTime.stderr).toContain(`source ${source} changed since the shard ran: its content differs`);
    expect(oldTime.stderr).toContain('; the records indexed differ');
    expect(oldTime.stderr).not.toContain('modified');
    expect(touched.status, touched.stderr).toBe(0);
    expect(readFileSync(join(work, 'touched.jsonl'), 'utf8')).toBe(single.verdicts);
  }, 120_000);

  it('merges partials whose sources it reads as copies at another path and time, as on another machine', async () => {
    const elsewhere = join(work, 'elsewhere');
    mkdirSync(elsewhere);
    for (const name of ['recipe.json', 'review.jsonl', 'agent-runs.jsonl']) copyFileSync(join(work, name), join(elsewhere, name));
    expect(statSync(join(elsewhere, 'agent-runs.jsonl')).mtimeMs).not.toBe(SOURCE_TIME.getTime());
    const verdicts = join(elsewhere, 'merged.jsonl');
    const outcome = await agentmix(['merge', join(elsewhere, 'recipe.json'), parts(2), '--verdicts', verdicts, '--workers', '1']);
    expect(outcome.status, outcome.stderr).toBe(0);
    // The same verdicts but for the copy's path in its records' lines; the same exported records.
    expect(readFileSync(verdicts, 'utf8')).toBe(single.verdicts.replaceAll(JSON.stringify(join(work, 'agent-runs.jsonl')), JSON.stringify(join(elsewhere, 'agent-runs.jsonl'))));
    expect(readFileSync(verdicts, 'utf8')).not.toBe(single.verdicts);
    expect(readFileSync(join(elsewhere, 'out', 'mix.json'), 'utf8')).toBe(single.files.get('mix.json'));
  }, 120_000);

  it('says what --shard and --partial need', async () => {
    const [alone, bad, withOut] = await Promise.all([agentmix(['run', recipe, '--shard', '0/2']), agentmix(['run', recipe, '--shard', '2/2', '--partial', work]), agentmix(['run', recipe, '--shard', '0/2', '--partial', work, '--out', 'x.json'])]);
    expect(alone.status).toBe(2);
    expect(alone.stderr).toContain('--shard needs --partial DIR');
    expect(bad.stderr).toContain('--shard: expected I/N with 0 <= I < N (e.g. 0/4), got "2/2"');
    expect(withOut.stderr).toContain('a shard writes a partial only: give --verdicts, --out, --format and --base to agentmix merge');
  });
});

describeWithData('agentmix merge on real data', () => {
  it('gives the single run\'s verdicts and export bytes from 2 shards of the mixed agent recipe', async () => {
    const work = mkdtempSync(join(tmpdir(), 'agentmix-shards-real-'));
    try {
      const recipe = writeAgentMixRecipe(work);
      await runShards(recipe, 2, join(work, 'parts'));
      await agentmixOk(['run', recipe, '--verdicts', join(work, 'single.jsonl')]);
      const singleFiles = exportFiles(work);
      await agentmixOk(['merge', recipe, join(work, 'parts'), '--verdicts', join(work, 'merged.jsonl')]);
      expect(readFileSync(join(work, 'merged.jsonl'), 'utf8')).toBe(readFileSync(join(work, 'single.jsonl'), 'utf8'));
      const mergedFiles = exportFiles(work);
      for (const name of ['mix.jsonl', 'mix.jsonl.manifest.json']) expect(mergedFiles.get(name), name).toBe(singleFiles.get(name));
    } finally {
      rmSync(work, { recursive: true, force: true });
    }
  }, 300_000);
});
