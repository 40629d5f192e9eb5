import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { VerdictLine } from '../../../../electron/engine/pipeline/pipeline-result';
import { REPO_ROOT } from '../../../helpers/data';
import { writePlantedCorpus, type PlantedCorpus } from '../engine/pipeline/planted-corpus';
import { describeWithData } from '../../../helpers/with-data';

/** Runs `agentmix run` in a child process. */
function agentmix(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const child = spawnSync(process.execPath, [join(REPO_ROOT, 'bin', 'agentmix.mjs'), 'run', ...args], { encoding: 'utf8', timeout: 120_000 });
  return { status: child.status, stdout: child.stdout, stderr: child.stderr };
}

describeWithData('agentmix run', () => {
  let corpus: PlantedCorpus;
  let lines: VerdictLine[];
  let stdout: string;

  beforeAll(() => {
    corpus = writePlantedCorpus();
    const verdicts = join(corpus.folder, 'verdicts.jsonl');
    const result = agentmix(corpus.recipe, '--verdicts', verdicts, '--workers', '2');
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
    stdout = result.stdout;
    lines = readFileSync(verdicts, 'utf8').trimEnd().split('\n').map((line) => JSON.parse(line) as VerdictLine);
  }, 120_000);

  it('writes one verdict line per record in the issue\'s shape', () => {
    const records = ['agent.json', 'webshop-a.json', 'webshop-b.json', 'general.json', 'general-more.json'].reduce(
      (sum, file) => sum + (JSON.parse(readFileSync(join(corpus.folder, file), 'utf8')) as unknown[]).length,
      0,
    );
    expect(lines).toHaveLength(records);
    for (const line of lines) {
      expect(Object.keys(line).slice(0, 7)).toEqual(['key', 'source', 'id', 'task', 'role', 'kept', 'reasons']);
      expect(Object.keys(line).at(-1)).toBe('scores');
      expect(line.key).toMatch(/^[0-9a-f]{8}:/);
      for (const reason of line.reasons) expect(Object.keys(reason)).toEqual(['stage', 'rule', 'message']);
    }
    const leaked = lines.find((line) => line.leakage !== undefined && !line.kept);
    expect(Object.keys(leaked?.leakage ?? {})).toEqual(['score', 'evalSet', 'evalItem', 'spans']);
    expect(Object.keys(leaked?.leakage?.spans[0] ?? {})).toEqual(['turn', 'start', 'end']);
    const duplicate = lines.find((line) => line.duplicateOf !== undefined);
    expect(lines.some((line) => line.key === duplicate?.duplicateOf)).toBe(true);
    expect(typeof duplicate?.cluster).toBe('number');
  });

  it('catches the planted cases through the command line as through the engine', () => {
    const byId = new Map(lines.map((line) => [`${line.source.split('/').at(-1)}/${line.id}`, line]));
    const missed = corpus.plants.filter((plant) => {
      if (plant.copyOf !== undefined) return !lines.some((line) => (line.id === plant.id || line.id === plant.copyOf) && line.reasons.some((reason) => reason.rule === plant.rule));
      const line = byId.get(`${plant.file}/${plant.id}`);
      return line === undefined || line.kept || !line.reasons.some((reason) => reason.rule.startsWith(plant.rule));
    });
    expect(missed).toEqual([]);
  });

  it('prints a summary per stage and per source and task', () => {
    expect(stdout).toMatch(/^stage +dropped +flagged +rules$/m);
    expect(stdout).toMatch(/^filter +[1-9]\d* +\d+ +[a-z]+\.[\w-]+ \d+/m);
    expect(stdout).toMatch(/^ {2}os +4 \/ 5 +dropped 1 \(unsafe\.fetch-and-run 1\)$/m);
    expect(stdout).toMatch(/^leakage +\d+ +\d+ +leakage\.ngram-overlap \d+/m);
    expect(stdout).toMatch(/^dedup +\d+ +\d+ +dedup\.(exact|near)/m);
    const kept = lines.filter((line) => line.kept).length;
    expect(stdout).toContain(`kept     ${kept} of ${lines.length}`);
    expect(stdout).toMatch(/general-more\.json \(general\)\n {2}\(no task\) +\d+ \/ \d+ +dropped \d+ \(dedup\./);
    expect(stdout).toMatch(/^ {2}db +\d+ \/ 5 +dropped 3 \(leakage\.ngram-overlap 3\)$/m);
  });

  it('exits 2 with the file and the field for a bad recipe or path, and for bad arguments', () => {
    const bad = join(corpus.folder, 'bad.recipe.json');
    writeFileSync(bad, JSON.stringify({ sources: [{ path: 'agent.json', role: 'robot' }] }));
    const invalid = agentmix(bad);
    expect(invalid.status).toBe(2);
    expect(invalid.stderr).toContain(`${bad}: sources.0.role: expected one of "agent", "general", got "robot"`);
    writeFileSync(bad, JSON.stringify({ sources: [{ path: 'missing.json' }] }));
    const missing = agentmix(bad);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toContain(`${bad}: sources.0.path: no such file or folder: ${join(corpus.folder, 'missing.json')}`);
    expect(agentmix().status).toBe(2);
    expect(agentmix(corpus.recipe, '--workers', 'many').stderr).toContain('--workers: expected a whole number');
  }, 60_000);
});
